// The workload of the support-routing-costs exercise: thirty tickets as they arrive, with the
// team each belongs to under the handbook's routing rules, and what decides it. Four are hard:
// the customer's words point to one team and a precedence rule to another; the cheap model
// gets them wrong (and says it is unsure).
import type { PrecedenceRuleId } from './handbookRules';

export interface WorkloadTicket {
  id: string;
  text: string;
  team: string;
  hard?: true;
  /**
   * The phrases of the ticket that decide its team, each as alternatives (any one will do). A
   * request that cuts one of them off gets the ticket wrong.
   */
  decisive: string[][];
  /** For a hard ticket: the precedence rules that decide it, each as alternatives (any one will do). */
  precedence?: PrecedenceRuleId[][];
}

export const TICKETS: WorkloadTicket[] = [
  { id: 'T-01', team: 'billing', text: 'Hi, can you send me a copy of the March invoice? Our accountant lost the PDF.', decisive: [['March invoice']] },
  { id: 'T-02', team: 'identity', text: 'My two-factor codes stopped working after I changed phones and now I cannot get into Ledgerly Cloud.', decisive: [['two-factor codes stopped working']] },
  { id: 'T-03', team: 'payments-risk', hard: true, text: 'Please refund the 89.90 EUR charge on my card from Tuesday. I did not make this payment, someone used my card on your subscription page.', decisive: [['I did not make this payment', 'someone used my card']], precedence: [['fraud-before-refund']] },
  { id: 'T-04', team: 'mobile', text: 'The Android app freezes on the invoice list every time I scroll past fifty invoices. Version 8.2.1, Pixel 7.', decisive: [['Android app freezes']] },
  { id: 'T-05', team: 'integrations', text: 'Our Shopify connector skipped every order from yesterday afternoon; the last good sync was 14:05.', decisive: [['Shopify connector skipped every order']] },
  { id: 'T-06', team: 'hardware', text: 'The screen of our POS terminal cracked when it fell off the counter. How do we get a replacement?', decisive: [['POS terminal cracked']] },
  { id: 'T-07', team: 'privacy', text: 'Under GDPR I would like a copy of all personal data you hold about me, please.', decisive: [['personal data', 'GDPR']] },
  { id: 'T-08', team: 'platform', text: 'Every save in Ledgerly Cloud gives me a 503 error since about ten minutes ago. Nothing is being stored.', decisive: [['503 error']] },
  { id: 'T-09', team: 'billing', text: 'We moved from the Team plan to Enterprise last week. Why does the new invoice still show 12 seats?', decisive: [['invoice still show 12 seats']] },
  { id: 'T-10', team: 'platform', hard: true, text: 'Bank feeds stopped importing for us this morning, and our accountant says three of her other clients have had the same problem since 8am.', decisive: [['three of her other clients have had the same problem']], precedence: [['many-customers-is-platform']] },
  { id: 'T-11', team: 'identity', text: 'I was invited to my company team account but the invitation link says it has expired.', decisive: [['invitation link says it has expired']] },
  { id: 'T-12', team: 'mobile', text: 'The iOS app crashes as soon as I open Reports. Crash id 7F3A-22, iPhone 13, iOS 18.4.', decisive: [['iOS app crashes']] },
  { id: 'T-13', team: 'integrations', text: 'The Amazon connector imported the same 40 orders twice, so our revenue for the week is doubled.', decisive: [['imported the same 40 orders twice']] },
  { id: 'T-14', team: 'billing', text: 'Can I get a refund for the unused months after I downgrade from the annual plan?', decisive: [['refund for the unused months']] },
  { id: 'T-15', team: 'privacy', hard: true, text: 'Delete my account and every piece of data you hold about me. Also, you charged me for April even though I cancelled in March, which I expect back.', decisive: [['Delete my account and every piece of data']], precedence: [['deletion-before-billing']] },
  { id: 'T-16', team: 'hardware', text: 'We are closing our second shop and want to return the POS terminal we rent for it.', decisive: [['return the POS terminal']] },
  { id: 'T-17', team: 'platform', text: 'The Invoicing API has been timing out for all our requests for the last half hour, status page says nothing.', decisive: [['timing out for all our requests']] },
  { id: 'T-18', team: 'identity', text: 'Our account is locked after too many password attempts by a colleague. No payments involved, we just need access back.', decisive: [['account is locked']] },
  { id: 'T-19', team: 'integrations', text: 'Etsy orders have not synced since we renamed our shop. The external account id is etsy-88213.', decisive: [['orders have not synced']] },
  { id: 'T-20', team: 'payments-risk', text: 'We got eleven 1 EUR card payments in two minutes from different cards. Looks like card testing on our checkout.', decisive: [['card testing', 'eleven 1 EUR card payments in two minutes from different cards']] },
  { id: 'T-21', team: 'billing', text: 'Why was I charged VAT on the last invoice? We are a registered business in Portugal.', decisive: [['charged VAT']] },
  { id: 'T-22', team: 'payments-risk', hard: true, text: 'This is not a refund request. I want to know who took 240 EUR from our payouts last night, because nobody here did.', decisive: [['who took 240 EUR from our payouts', 'nobody here did']], precedence: [['negation', 'fraud-before-refund']] },
  { id: 'T-23', team: 'mobile', text: 'After the last update the Android app shows a blank screen on login. Samsung A54, app version 8.3.0.', decisive: [['blank screen']] },
  { id: 'T-24', team: 'privacy', text: 'A former employee asks us to correct her name in the payroll records you keep. How do we file that?', decisive: [['correct her name']] },
  { id: 'T-25', team: 'hardware', text: 'Our POS terminal was stolen from the market stall on Saturday. Please block it.', decisive: [['POS terminal was stolen']] },
  { id: 'T-26', team: 'billing', text: 'Great, charged twice for the Payroll add-on again this month. Please fix the double charge.', decisive: [['charged twice']] },
  { id: 'T-27', team: 'integrations', text: 'Bank feed for our second account duplicated all transactions from the 3rd to the 5th. Only our company seems affected.', decisive: [['duplicated all transactions']] },
  { id: 'T-28', team: 'identity', text: 'I need to change the owner of our Ledgerly account to my business partner; I am leaving the company.', decisive: [['change the owner of our Ledgerly account']] },
  { id: 'T-29', team: 'platform', text: 'Reports have shown no data for any of our locations since this morning and our franchise partners see the same.', decisive: [['shown no data for any of our locations']] },
  { id: 'T-30', team: 'billing', text: 'Could you tell me when my card will be charged for the yearly archive add-on?', decisive: [['card will be charged']] },
];

/**
 * The team each hard ticket seems to belong to on its surface: what the cheap model picks, and
 * what any model picks when the precedence rule or the phrase that decides it is missing.
 */
export const CHEAP_MODEL_MISTAKES: Record<string, string> = {
  'T-03': 'billing',
  'T-10': 'integrations',
  'T-15': 'billing',
  'T-22': 'billing',
};
