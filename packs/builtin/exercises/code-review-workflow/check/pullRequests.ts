// The pull requests the checks send, each a unified diff and the full text of the files it
// changes. None of them holds a word the simulated model reads as an instruction (see
// reviewModel.ts), so only the learner's own words ask it for a step.

export interface PullRequest {
  diff: string;
  files: Record<string, string>;
}

/** A loyalty discount in the order total, with a test: plain code, two notes to make. */
export const LOYALTY_DISCOUNT: PullRequest = {
  diff: `diff --git a/src/orders.ts b/src/orders.ts
--- a/src/orders.ts
+++ b/src/orders.ts
@@ -9,6 +9,12 @@ export interface Order {
 
 export function orderTotal(order: Order): number {
   const subtotal = order.lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
-  return subtotal;
+  let total = subtotal;
+  if (order.customer.loyaltyTier == 'gold') {
+    total = total * 0.9;
+  }
+  console.log('order total', total);
+  return total;
 }
diff --git a/test/orders.test.ts b/test/orders.test.ts
--- a/test/orders.test.ts
+++ b/test/orders.test.ts
@@ -1,4 +1,9 @@
 import { orderTotal } from '../src/orders';
 
 test('sums the lines', () => {
   expect(orderTotal({ lines: [{ price: 5, quantity: 2 }], customer: { loyaltyTier: 'none' } })).toBe(10);
 });
+
+test('gold customers get ten percent off', () => {
+  const order = { lines: [{ price: 50, quantity: 2 }], customer: { loyaltyTier: 'gold' } };
+  expect(orderTotal(order)).toBe(90);
+});
`,
  files: {
    'src/orders.ts': `export interface OrderLine {
  sku: string;
  price: number;
  quantity: number;
}

export interface Order {
  lines: OrderLine[];
  customer: { id?: string; loyaltyTier: 'none' | 'silver' | 'gold' };
}

export function orderTotal(order: Order): number {
  const subtotal = order.lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  let total = subtotal;
  if (order.customer.loyaltyTier == 'gold') {
    total = total * 0.9;
  }
  console.log('order total', total);
  return total;
}

export function lineCount(order: Order): number {
  return order.lines.reduce((sum, line) => sum + line.quantity, 0);
}

export function isEmpty(order: Order): boolean {
  return order.lines.length === 0;
}
`,
    'test/orders.test.ts': `import { orderTotal } from '../src/orders';

test('sums the lines', () => {
  expect(orderTotal({ lines: [{ price: 5, quantity: 2 }], customer: { loyaltyTier: 'none' } })).toBe(10);
});

test('gold customers get ten percent off', () => {
  const order = { lines: [{ price: 50, quantity: 2 }], customer: { loyaltyTier: 'gold' } };
  expect(orderTotal(order)).toBe(90);
});
`,
  },
};

/** A new column on the orders table: a database migration, for a human. */
export const ORDER_STATUS_MIGRATION: PullRequest = {
  diff: `diff --git a/db/migrations/0042_order_status.sql b/db/migrations/0042_order_status.sql
new file mode 100644
--- /dev/null
+++ b/db/migrations/0042_order_status.sql
@@ -0,0 +1,3 @@
+ALTER TABLE orders ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
+UPDATE orders SET status = 'shipped' WHERE shipped_at IS NOT NULL;
+CREATE INDEX orders_status ON orders (status);
diff --git a/src/orders.ts b/src/orders.ts
--- a/src/orders.ts
+++ b/src/orders.ts
@@ -7,4 +7,5 @@ export interface OrderLine {
 export interface Order {
   lines: OrderLine[];
   customer: { id?: string; loyaltyTier: 'none' | 'silver' | 'gold' };
+  status: 'open' | 'shipped';
 }
`,
  files: {
    'db/migrations/0042_order_status.sql': `ALTER TABLE orders ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
UPDATE orders SET status = 'shipped' WHERE shipped_at IS NOT NULL;
CREATE INDEX orders_status ON orders (status);
`,
    'src/orders.ts': `export interface OrderLine {
  sku: string;
  price: number;
  quantity: number;
}

export interface Order {
  lines: OrderLine[];
  customer: { id?: string; loyaltyTier: 'none' | 'silver' | 'gold' };
  status: 'open' | 'shipped';
}

export function orderTotal(order: Order): number {
  return order.lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
}

export function lineCount(order: Order): number {
  return order.lines.reduce((sum, line) => sum + line.quantity, 0);
}
`,
  },
};

/** A payment provider's live key written into a config module: nothing in its path says so. */
export const LIVE_KEY_IN_CONFIG: PullRequest = {
  diff: `diff --git a/config/payments.ts b/config/payments.ts
new file mode 100644
--- /dev/null
+++ b/config/payments.ts
@@ -0,0 +1,5 @@
+export const paymentsConfig = {
+  provider: 'stripe',
+  apiKey: 'sk_live_51HxQ2ZtR8vK3mN0pLq7Wd',
+  timeoutMs: 5000,
+};
diff --git a/src/payments.ts b/src/payments.ts
--- a/src/payments.ts
+++ b/src/payments.ts
@@ -1,5 +1,6 @@
+import { paymentsConfig } from '../config/payments';
 import { PaymentClient } from './paymentClient';
 
 export function paymentClient(): PaymentClient {
-  return new PaymentClient({ provider: 'stripe' });
+  return new PaymentClient(paymentsConfig);
 }
`,
  files: {
    'config/payments.ts': `export const paymentsConfig = {
  provider: 'stripe',
  apiKey: 'sk_live_51HxQ2ZtR8vK3mN0pLq7Wd',
  timeoutMs: 5000,
};
`,
    'src/payments.ts': `import { paymentsConfig } from '../config/payments';
import { PaymentClient } from './paymentClient';

export function paymentClient(): PaymentClient {
  return new PaymentClient(paymentsConfig);
}

export async function charge(amountCents: number, token: string): Promise<string> {
  const receipt = await paymentClient().charge({ amountCents, token });
  return receipt.id;
}
`,
  },
};

/** Gift cards in the cart, over four files: the one the cost is measured on. */
export const GIFT_CARDS: PullRequest = {
  diff: `diff --git a/src/cart.ts b/src/cart.ts
--- a/src/cart.ts
+++ b/src/cart.ts
@@ -12,9 +12,20 @@ export interface Cart {
 
 export function cartTotal(cart: Cart): number {
   const items = cart.items.reduce((sum, item) => sum + priceOf(item) * item.quantity, 0);
-  return items;
+  const cards = cart.giftCards.reduce((sum, card) => sum + card.balance, 0);
+  return Math.max(0, items - cards);
+}
+
+export function applyGiftCard(cart: Cart, code: string): Cart {
+  try {
+    const card = lookUpGiftCard(code);
+    return { ...cart, giftCards: [...cart.giftCards, card] };
+  } catch (e) {}
+  return cart;
 }
diff --git a/src/prices.ts b/src/prices.ts
--- a/src/prices.ts
+++ b/src/prices.ts
@@ -3,6 +3,10 @@ import type { CartItem } from './cart';
 export function priceOf(item: CartItem): number {
   return item.unitPrice;
 }
+
+export function giftCardValue(balance: number): number {
+  return Math.round(balance * 100) / 100; // TODO: currencies other than EUR
+}
diff --git a/test/cart.test.ts b/test/cart.test.ts
--- a/test/cart.test.ts
+++ b/test/cart.test.ts
@@ -8,3 +8,8 @@ test('totals the items', () => {
   expect(cartTotal(cart([{ unitPrice: 4, quantity: 3 }]))).toBe(12);
 });
+
+test('gift cards lower the total, not below zero', () => {
+  const withCard = { ...cart([{ unitPrice: 4, quantity: 3 }]), giftCards: [{ code: 'GC-1', balance: 20 }] };
+  expect(cartTotal(withCard)).toBe(0);
+});
diff --git a/docs/cart.md b/docs/cart.md
--- a/docs/cart.md
+++ b/docs/cart.md
@@ -4,3 +4,7 @@ The cart holds items until checkout.
 
 The total is the sum of each item's price times its quantity.
+
+## Gift cards
+
+A gift card's balance comes off the total. The total never goes below zero.
`,
  files: {
    'src/cart.ts': `import { priceOf } from './prices';
import { lookUpGiftCard } from './giftCards';

export interface CartItem {
  sku: string;
  unitPrice: number;
  quantity: number;
}

export interface GiftCard {
  code: string;
  balance: number;
}

export interface Cart {
  items: CartItem[];
  giftCards: GiftCard[];
}

export function cartTotal(cart: Cart): number {
  const items = cart.items.reduce((sum, item) => sum + priceOf(item) * item.quantity, 0);
  const cards = cart.giftCards.reduce((sum, card) => sum + card.balance, 0);
  return Math.max(0, items - cards);
}

export function applyGiftCard(cart: Cart, code: string): Cart {
  try {
    const card = lookUpGiftCard(code);
    return { ...cart, giftCards: [...cart.giftCards, card] };
  } catch (e) {}
  return cart;
}

export function addItem(cart: Cart, item: CartItem): Cart {
  const existing = cart.items.find((candidate) => candidate.sku === item.sku);
  if (!existing) return { ...cart, items: [...cart.items, item] };
  return { ...cart, items: cart.items.map((candidate) => (candidate === existing ? { ...candidate, quantity: candidate.quantity + item.quantity } : candidate)) };
}

export function removeItem(cart: Cart, sku: string): Cart {
  return { ...cart, items: cart.items.filter((item) => item.sku !== sku) };
}
`,
    'src/prices.ts': `import type { CartItem } from './cart';

export function priceOf(item: CartItem): number {
  return item.unitPrice;
}

export function giftCardValue(balance: number): number {
  return Math.round(balance * 100) / 100; // TODO: currencies other than EUR
}

export function withVat(amount: number, rate = 0.21): number {
  return Math.round(amount * (1 + rate) * 100) / 100;
}
`,
    'test/cart.test.ts': `import { addItem, cartTotal, type Cart, type CartItem } from '../src/cart';

const cart = (items: Partial<CartItem>[]): Cart => ({
  items: items.map((item, i) => ({ sku: \`SKU-\${i}\`, unitPrice: 0, quantity: 1, ...item })),
  giftCards: [],
});

test('totals the items', () => {
  expect(cartTotal(cart([{ unitPrice: 4, quantity: 3 }]))).toBe(12);
});

test('gift cards lower the total, not below zero', () => {
  const withCard = { ...cart([{ unitPrice: 4, quantity: 3 }]), giftCards: [{ code: 'GC-1', balance: 20 }] };
  expect(cartTotal(withCard)).toBe(0);
});

test('adding the same item twice adds to its quantity', () => {
  const item = { sku: 'A', unitPrice: 2, quantity: 1 };
  expect(addItem(addItem(cart([]), item), item).items).toEqual([{ ...item, quantity: 2 }]);
});
`,
    'docs/cart.md': `# The cart

The cart holds items until checkout.

The total is the sum of each item's price times its quantity.

## Gift cards

A gift card's balance comes off the total. The total never goes below zero.

## Checkout

At checkout the cart becomes an order, and its items are reserved in the warehouse.
`,
  },
};

/** A change to the setup guide only: nothing to change, a comment still goes out. */
export const SETUP_GUIDE: PullRequest = {
  diff: `diff --git a/docs/setup.md b/docs/setup.md
--- a/docs/setup.md
+++ b/docs/setup.md
@@ -1,6 +1,8 @@
 # Setting up
 
-Install Node 18 and run npm install.
+Install Node 22 and run npm ci.
+
+Copy .env.example to .env before the first start.
 
 ## Running the tests
 
`,
  files: {
    'docs/setup.md': `# Setting up

Install Node 22 and run npm ci.

Copy .env.example to .env before the first start.

## Running the tests

Run npm test. The database tests need Docker.
`,
  },
};
