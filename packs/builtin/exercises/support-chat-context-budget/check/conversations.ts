// What the checks of support-chat-context-budget send: the shop's system prompt and tool, and
// customers' conversations of several lengths, each ending with the customer's new message. This
// file stays in the pack; learners never see it.

export interface Block {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
}
export interface Turn {
  role: 'user' | 'assistant';
  content: string | Block[];
}

export const SYSTEM = [
  'You are the customer support assistant of Harbour & Pine, an online shop for furniture and homeware.',
  'Be brief, warm and exact. Never promise a date the order system has not given you.',
  'Returns: anything unused can be returned within 30 days of delivery for a full refund; the customer pays the return postage unless the item arrived damaged or faulty.',
  'Damaged or faulty items: we send a replacement at no cost as soon as the customer sends a photo of the damage; the damaged item is collected when the replacement is delivered.',
  'Changes: an order can be changed or cancelled until it leaves the warehouse. After that, extra items go out as a new order with its own delivery.',
  'Delivery: standard delivery takes 3 to 5 working days and is free over £50; large furniture goes by two-person courier, who calls the day before.',
  'Use lookup_order to find an order by its number (HP- and five digits) before answering anything about where it is.',
].join('\n');

export const TOOLS = [
  {
    name: 'lookup_order',
    description: "Look up one of the customer's orders by its number: what it holds, where it is, and when it is due.",
    input_schema: { type: 'object', properties: { order_id: { type: 'string', description: 'The order number, e.g. HP-20417' } }, required: ['order_id'] },
  },
];

let ids = 0;
/** An assistant turn that looks an order up, and the user turn that answers it. */
function lookup(order: string, said: string, result: string): Turn[] {
  const id = `toolu_hp_${String(++ids).padStart(4, '0')}`;
  return [
    { role: 'assistant', content: [{ type: 'text', text: said }, { type: 'tool_use', id, name: 'lookup_order', input: { order_id: order } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: result }] },
  ];
}
/** An assistant turn that looks several orders up at once, and the user turn that answers every call. */
function lookups(said: string, orders: [string, string][]): Turn[] {
  const calls = orders.map(([order, result]) => ({ id: `toolu_hp_${String(++ids).padStart(4, '0')}`, order, result }));
  return [
    { role: 'assistant', content: [{ type: 'text', text: said }, ...calls.map(({ id, order }) => ({ type: 'tool_use', id, name: 'lookup_order', input: { order_id: order } }))] },
    { role: 'user', content: calls.map(({ id, result }) => ({ type: 'tool_result', tool_use_id: id, content: result })) },
  ];
}
const customer = (text: string): Turn => ({ role: 'user', content: text });
const agent = (text: string): Turn => ({ role: 'assistant', content: text });

/** A short chat: it fits whole. */
export const SHORT: Turn[] = [
  customer('Hi, I ordered a walnut side table last week, order HP-20417. Has it shipped yet?'),
  ...lookup('HP-20417', 'Let me check that for you.', 'Order HP-20417: 1 walnut side table. Shipped on 3 March with Parcelink, tracking PL88301942, due 6 March.'),
  agent('Good news: your side table shipped on 3 March with Parcelink (tracking PL88301942) and is due on 6 March.'),
  customer('Lovely, thank you. Will the courier call before they come?'),
];

/** A long chat about a table that arrived scratched and a second order. */
export const TABLE: Turn[] = [
  customer('Hi, I ordered a walnut side table last week, order HP-20417. Has it shipped yet?'),
  ...lookup('HP-20417', 'Let me check that for you.', 'Order HP-20417: 1 walnut side table. Shipped on 3 March with Parcelink, tracking PL88301942, due 6 March.'),
  agent('Good news: your side table shipped on 3 March with Parcelink (tracking PL88301942) and is due on 6 March.'),
  customer('Thanks! Can I also add two matching walnut coasters to the same delivery? I would rather not pay postage twice.'),
  agent(
    'I am sorry, I cannot add them to this delivery: once an order has left our warehouse it cannot be changed, and HP-20417 left on 3 March. I can place the coasters as a new order instead. They cost £12 for two, and since that is under £50 the standard delivery of £4.95 would apply, arriving in 3 to 5 working days. If you add anything else to reach £50, the delivery is free. Would you like me to go ahead with just the coasters?',
  ),
  customer('OK, please order the two coasters separately, same address, and charge the card I used last time.'),
  agent('Done: the two walnut coasters are ordered as HP-20533, to the same address, charged to the card ending 4417. You will get a confirmation email in a few minutes.'),
  customer(
    'The table arrived this morning, but one of the legs has a long scratch down the front, about ten centimetres, right through the finish. It must have happened in transit because the box was dented at that corner. I have taken photos. What can I do?',
  ),
  agent(
    'I am so sorry it arrived like that. Because it was damaged in transit, we will send you a replacement table at no cost to you. Please reply to the confirmation email with the photos of the scratch and of the dented box; as soon as we have them, the replacement goes out by two-person courier, who will call you the day before. When they deliver the new table they will take the damaged one away, so there is nothing for you to post back, and you do not need to pack it again. If you would rather have a refund than a replacement, that is fine too: just say so in the same email.',
  ),
  customer('I have sent the photos just now. I would like the replacement, please. And where is my coaster order?'),
  ...lookup('HP-20533', 'Thank you for the photos, the replacement is on its way to being arranged. Let me check the coasters.', 'Order HP-20533: 2 walnut coasters. Packed; leaves the warehouse on 12 March with Parcelink, due 14 March.'),
  agent('Your coasters are packed and leave our warehouse on 12 March, due with you on 14 March. The replacement table will be booked as soon as the photos are logged, usually within a working day.'),
  customer('Great. When will the replacement table arrive?'),
];

/** A chat where a customer returns a lamp and asks after two orders. */
export const LAMP: Turn[] = [
  customer('Hello, I bought a brass floor lamp, order HP-19980, and I have changed my mind about the colour. Can I send it back?'),
  agent(
    'Of course. Anything unused can be returned within 30 days of delivery for a full refund. The lamp was delivered on 20 February, so you have until 22 March. The return postage is yours to pay, as the lamp is not faulty; we recommend a tracked service, and keeping the receipt. Pack it in its original box if you still have it, and put the returns slip from the parcel inside. The refund goes back to the card you paid with within five working days of the lamp reaching us.',
  ),
  customer('Thanks. I have posted it back today, tracked, reference RT55102. Could you also check where my rug is? Order HP-20105.'),
  ...lookup('HP-20105', 'I will look up the rug for you.', 'Order HP-20105: 1 wool rug, 160 x 230 cm. At the Parcelink depot in Leeds since 9 March; out for delivery on 11 March.'),
  agent('Your rug is at the Parcelink depot in Leeds and goes out for delivery on 11 March.'),
  customer('It still has not come, and today is the 12th. Can you check again? I also have another order for cushions, HP-20311.'),
  ...lookups('I am sorry about the wait. Let me check the rug again, and the cushions.', [
    ['HP-20105', 'Order HP-20105: 1 wool rug, 160 x 230 cm. Delivery attempted on 11 March at 14:05, nobody home; card left. Redelivery booked for 13 March, 8:00 to 18:00.'],
    ['HP-20311', 'Order HP-20311: 4 linen cushion covers, 45 x 45 cm. Shipped on 11 March with Royal Mail, tracking RM204411GB, due 13 March.'],
  ]),
  agent('The courier tried to deliver your rug on 11 March at 14:05 but nobody was home, so it is booked again for 13 March, between 8:00 and 18:00. Your cushion covers shipped with Royal Mail on 11 March (tracking RM204411GB) and are due on 13 March too.'),
  customer('Thanks. Will both come on the same day then?'),
];

/** A chat whose latest message, a pasted order history, is too long for the window on its own. */
export const PASTED: Turn[] = [
  customer('Hi, my account is in a mess. I will paste my order history so you can see.'),
  agent('Of course, please paste it and I will take a look.'),
  customer(
    `Here it is:\n${Array.from({ length: 90 }, (_, i) => `HP-${String(18000 + i * 37)} | ${['oak shelf', 'linen cushion cover', 'brass lamp', 'wool rug', 'walnut coaster set', 'ceramic vase'][i % 6]} | ${(i % 28) + 1} ${['January', 'February', 'March'][i % 3]} | ${['delivered', 'returned', 'refunded', 'delivered', 'cancelled'][i % 5]}`).join('\n')}\nWhy are there so many orders I did not make?`,
  ),
];
