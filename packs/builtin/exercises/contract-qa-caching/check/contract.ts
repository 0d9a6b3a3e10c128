// The contracts of the contract-qa-caching exercise: a master services agreement with four
// schedules (about 4,600 tokens in all), the same agreement after two amendments, and a short
// NDA that is too small to cache. Each clause is one paragraph that starts with its number
// ("14.2", "B.3"); no text holds a question mark, so the simulated model finds the lawyer's
// question as the last sentence ending in one. This file stays in the pack.

export interface ContractDocument {
  title: string;
  text: string;
}

/** A document: its title line, then one paragraph per clause. */
function document(title: string, clauses: string[]): ContractDocument {
  return { title, text: [title, ...clauses].join('\n\n') };
}

const MSA_CLAUSES = [
  '1.1 Parties. This Master Services Agreement is made between Northwind Analytics Limited, a company registered in Ireland with number 604117 (the "Supplier"), and Harbour Logistics plc, a company registered in England and Wales with number 02219874 (the "Customer").',
  '1.2 Definitions. In this Agreement, "Services" means the freight analytics platform and the support described in Schedule A; "Customer Data" means all data, including personal data, that the Customer or its users upload to the Services; "Business Day" means a day other than a Saturday, Sunday or public holiday in Dublin.',
  '1.3 Order of precedence. If there is a conflict between the clauses of this Agreement and a Schedule, the clauses of this Agreement prevail, except that Schedule C prevails in all matters concerning the processing of personal data.',
  '2.1 Initial term. This Agreement starts on the Effective Date of 1 March 2026 and continues for an initial term of three (3) years, unless it is terminated earlier under clause 14.',
  '2.2 Renewal. After the initial term, this Agreement renews automatically for successive renewal periods of twelve (12) months unless either party gives written notice of non-renewal at least six (6) months before the end of the then current term.',
  '3.1 Provision of the Services. The Supplier shall provide the Services to the Customer with reasonable skill and care, in accordance with good industry practice and the service levels in Schedule A.',
  '3.2 Customer obligations. The Customer shall provide the Supplier with timely access to the information, systems and personnel that the Supplier reasonably requests to perform the Services, and shall ensure that its users comply with the acceptable use policy.',
  '3.3 Subcontracting. The Supplier may subcontract the performance of any of its obligations, provided that it remains responsible for the acts and omissions of its subcontractors as if they were its own; the engagement of subprocessors of personal data is governed by Schedule C.',
  '3.4 Acceptance. The Customer shall test each new integration within fifteen (15) Business Days of its delivery and either accept it or give the Supplier a written list of the defects found; an integration in live use for that period is deemed accepted.',
  '3.5 Change control. Either party may request a change to the Services through the change control procedure. No change is binding until both parties have signed a change note setting out its effect on the charges and the service levels.',
  '4.1 Charges. The Customer shall pay the charges set out in Schedule B. Except as Schedule B provides otherwise, the charges are exclusive of value added tax, which the Customer shall pay in addition at the applicable rate.',
  '4.2 Disputed invoices. If the Customer disputes an invoice in good faith, it shall notify the Supplier of the disputed amount and its reasons within ten (10) Business Days of receipt, and pay the undisputed part in accordance with Schedule B.',
  '5.1 Customer Data. The Customer owns all rights in the Customer Data. The Supplier shall use the Customer Data only to provide the Services and shall not sell it, rent it or use it to train models offered to third parties.',
  '5.2 Backups. The Supplier shall back up the Customer Data every day and keep each backup for thirty-five (35) days in an encrypted form, in a data centre separate from the one that hosts the production copy.',
  '5.3 Retention. The Supplier shall keep the Customer Data for as long as this Agreement is in force, and thereafter only for the exit period and the deletion period described in Schedules C and D.',
  '6.1 Intellectual property. Each party keeps all intellectual property rights it owned before the Effective Date. The Supplier owns the platform and all improvements to it, including improvements suggested by the Customer.',
  '6.2 Licence. The Supplier grants the Customer a non-exclusive, non-transferable licence for the duration of this Agreement to use the Services for its internal business purposes, for an unlimited number of named users within its group companies.',
  '6.3 Feedback. The Customer may give the Supplier suggestions and feedback about the platform, which the Supplier may use freely, provided that it does not identify the Customer or disclose its confidential information.',
  '7.1 Confidentiality. Each party shall keep the confidential information of the other party secret, use it only to perform this Agreement, and disclose it only to those of its employees and advisers who need to know it and are bound by equivalent duties.',
  '7.2 Duration of confidentiality. The obligations in clause 7.1 continue during this Agreement and for five (5) years after its termination or expiry, and for trade secrets for as long as the information remains a trade secret.',
  '8.1 Warranties. The Supplier warrants that the Services will perform materially in accordance with their documentation, and that it will not knowingly introduce malicious code into the Services.',
  '8.2 Remedy for breach of warranty. If the Services do not conform to the warranty in clause 8.1, the Supplier shall, at its own cost, correct the non-conformity within thirty (30) days of being notified of it in writing.',
  '8.3 Disclaimer. Except as expressly set out in this Agreement, all warranties, conditions and terms implied by statute or common law are excluded to the fullest extent permitted by law.',
  '9.1 Security. The Supplier shall maintain an information security programme certified to ISO/IEC 27001, and shall provide the Customer with a copy of its current certificate on request.',
  '9.2 Penetration testing. The Supplier shall commission an independent penetration test of the Services at least once in every twelve (12) months, and shall share an executive summary of the findings with the Customer.',
  '9.3 Access control. The Supplier shall restrict access to the Customer Data to personnel who need it to provide the Services, protect that access with multi-factor authentication, and review the list of authorised personnel every quarter.',
  '9.4 Business continuity. The Supplier shall maintain a business continuity and disaster recovery plan with a recovery time objective of four (4) hours and a recovery point objective of one (1) hour, and shall test it once a year.',
  '10.1 Audit. The Customer, or an independent auditor it appoints, may audit the Supplier\'s compliance with this Agreement once in any calendar year, on not less than twenty (20) Business Days\' written notice, during normal business hours.',
  '10.2 Costs of audit. Each party bears its own costs of an audit, unless the audit reveals a material breach by the Supplier, in which case the Supplier shall reimburse the Customer\'s reasonable costs of that audit.',
  '11.1 Insurance. The Supplier shall maintain professional indemnity insurance of at least five million euro (EUR 5,000,000) for each claim, and cyber liability insurance of at least three million euro (EUR 3,000,000), with reputable insurers.',
  '12.1 Unlimited liability. Nothing in this Agreement limits either party\'s liability for death or personal injury caused by its negligence, for fraud, or for its indemnity obligations under clause 13.',
  '12.2 Liability cap. Subject to clause 12.1, each party\'s total liability arising out of or in connection with this Agreement in any contract year is limited to one hundred and fifty per cent (150%) of the charges paid and payable in the twelve (12) months before the event giving rise to the claim.',
  '12.3 Excluded losses. Neither party is liable for loss of profits, loss of revenue, loss of goodwill, or any indirect or consequential loss, however arising.',
  '13.1 Indemnity. The Supplier shall indemnify the Customer against all claims that the Customer\'s use of the Services in accordance with this Agreement infringes the intellectual property rights of a third party.',
  '13.2 Conduct of claims. The indemnified party shall notify the indemnifying party of a claim promptly, allow it to conduct the defence and any settlement, and give it reasonable assistance at its expense.',
  '14.1 Termination for cause. Either party may terminate this Agreement with immediate effect by written notice if the other party commits a material breach that is not remedied within thirty (30) days of a notice requiring its remedy, or if the other party becomes insolvent.',
  '14.2 Termination for convenience. The Customer may terminate this Agreement for convenience at any time on ninety (90) days\' written notice to the Supplier, on payment of the early termination fee set out in Schedule B.',
  '14.3 Consequences of termination. On termination or expiry, the licence in clause 6.2 ends, the Supplier shall provide the exit assistance described in Schedule D, and each party shall return or destroy the other party\'s confidential information.',
  '14.4 Survival. Clauses 5, 7, 12, 13, 14.3, 19 and 20, and any other provision that by its nature is intended to survive, continue in force after termination or expiry.',
  '15.1 Force majeure. Neither party is liable for a delay or failure caused by events beyond its reasonable control. If such an event continues for more than sixty (60) days, either party may terminate this Agreement by written notice.',
  '16.1 Non-solicitation. During this Agreement and for twelve (12) months after it ends, neither party shall solicit for employment any employee of the other party who was involved in the Services, without the other party\'s written consent.',
  '17.1 Assignment. Neither party may assign or transfer this Agreement without the prior written consent of the other party, except to a successor to all or substantially all of its business.',
  '18.1 Notices. Notices under this Agreement must be in writing and delivered by hand, by registered post, or by email to the addresses in the cover sheet; a notice by email takes effect on the next Business Day after it is sent.',
  '18.2 Contract managers. Each party shall appoint a contract manager who is its first point of contact for the day-to-day management of this Agreement, and shall inform the other party promptly of any replacement.',
  '19.1 Dispute resolution. The parties shall first try to resolve a dispute by escalation to their chief executives. If the dispute is not resolved within thirty (30) days, either party may refer it to mediation before starting court proceedings.',
  '20.1 Governing law. This Agreement and any dispute arising out of it are governed by the laws of Ireland.',
  '20.2 Jurisdiction. The courts of Dublin have exclusive jurisdiction to settle any dispute arising out of or in connection with this Agreement.',
  '20.3 Entire agreement. This Agreement, with its Schedules, constitutes the entire agreement between the parties and supersedes all earlier proposals, negotiations and understandings relating to its subject matter.',
  '20.4 Variation. No variation of this Agreement is effective unless it is in writing, refers to this Agreement, and is signed by authorised representatives of both parties.',
  '20.5 Third party rights. No person other than the parties has any right to enforce any term of this Agreement.',
  '20.6 Anti-bribery. Each party shall comply with all applicable anti-bribery and anti-corruption laws, and shall maintain adequate procedures designed to prevent bribery by persons acting on its behalf.',
  '20.7 Counterparts. This Agreement may be signed in any number of counterparts, including by electronic signature, each of which is an original and all of which together form one agreement.',
];

const SCHEDULE_A_CLAUSES = [
  'A.1 Scope. The Services comprise the hosted freight analytics platform, its route optimisation module, its standard integrations with the Customer\'s warehouse management system, and second-line support.',
  'A.2 Support hours. The Supplier provides support by telephone and through its ticketing portal from 07:00 to 19:00 Irish time on Business Days, and for Severity 1 incidents at all times.',
  'A.3 Availability. The Supplier commits to a monthly availability of the platform of ninety-nine point nine per cent (99.9%), excluding scheduled maintenance announced at least five (5) Business Days in advance.',
  'A.4 Incident response. The Supplier shall respond to a Severity 1 incident within thirty (30) minutes, to a Severity 2 incident within two (2) hours, and to a Severity 3 incident within one (1) Business Day.',
  'A.5 Service credits. If the availability in a calendar month falls below the commitment in A.3, the Customer is entitled to a service credit of five per cent (5%) of the monthly charges for each full half percentage point of shortfall, up to a maximum of twenty-five per cent (25%) of the monthly charges.',
  'A.6 Maintenance windows. Scheduled maintenance takes place on Sundays between 01:00 and 05:00 Irish time and does not exceed eight (8) hours in any calendar month.',
  'A.7 Service reviews. The parties shall hold a service review every quarter, at which the Supplier shall present the availability, incident and support statistics of the previous three months.',
  'A.8 Customer responsibilities. The Customer is responsible for the accuracy of the shipment data it uploads, for the configuration of its user accounts, and for the first-line support of its own users.',
];

const SCHEDULE_B_CLAUSES = [
  'B.1 Subscription charges. The Customer shall pay an annual subscription charge of one hundred and eighty thousand euro (EUR 180,000) for up to two hundred (200) named users, invoiced quarterly in advance.',
  'B.2 Additional users. Each named user above two hundred (200) costs seven hundred and fifty euro (EUR 750) per year, invoiced quarterly in arrears on the basis of the highest number of named users in the quarter.',
  'B.3 Payment terms. The Customer shall pay each undisputed invoice within forty-five (45) days of its receipt, by bank transfer to the account named on the invoice.',
  'B.4 Late payment. Undisputed amounts not paid when due bear interest at four per cent (4%) a year above the European Central Bank main refinancing rate, from the due date until payment.',
  'B.5 Indexation. On each anniversary of the Effective Date the Supplier may increase the charges by the annual change in the Irish consumer price index, capped at three per cent (3%) a year, with at least sixty (60) days\' notice.',
  'B.6 Early termination fee. If the Customer terminates for convenience under clause 14.2 during the initial term, it shall pay an early termination fee equal to fifty per cent (50%) of the subscription charges that would have been payable for the rest of the initial term.',
  'B.7 Expenses. The Supplier may recharge travel expenses only where the Customer approved the travel in writing in advance, at cost and without mark-up.',
  'B.8 Invoicing. The Supplier shall address its invoices to the Customer\'s accounts payable team by email, quoting the purchase order number the Customer provides for each contract year.',
];

const SCHEDULE_C_CLAUSES = [
  'C.1 Roles. For the purposes of data protection law, the Customer is the controller and the Supplier is the processor of the personal data contained in the Customer Data.',
  'C.2 Instructions. The Supplier shall process personal data only on the documented instructions of the Customer, including this Agreement, unless the law of the European Union or a member state requires otherwise.',
  'C.3 Categories of data. The personal data processed consist of the names, business contact details and location traces of drivers and warehouse staff of the Customer and its carriers.',
  'C.4 Data location. The Supplier shall store and process personal data only in data centres located within the European Economic Area, and shall not transfer it outside the European Economic Area without the Customer\'s prior written consent.',
  'C.5 Subprocessors. The Supplier may engage a new subprocessor only after giving the Customer thirty (30) days\' prior written notice, during which the Customer may object on reasonable grounds relating to data protection.',
  'C.6 Personal data breach. The Supplier shall notify the Customer of a personal data breach without undue delay and in any case within forty-eight (48) hours of becoming aware of it, with the information the Customer needs to meet its own obligations.',
  'C.7 Assistance. The Supplier shall assist the Customer in responding to requests from data subjects exercising their rights, and with data protection impact assessments, at no additional charge.',
  'C.8 Deletion of personal data. At the end of the provision of the Services, the Supplier shall delete all personal data within ninety (90) days, unless the law requires it to keep a copy, and shall certify the deletion in writing.',
  'C.9 Records of processing. The Supplier shall keep a written record of the processing activities it carries out on behalf of the Customer, and shall make it available to the Customer and to the supervisory authority on request.',
];

const SCHEDULE_D_CLAUSES = [
  'D.1 Exit plan. Within six (6) months of the Effective Date, the Supplier shall deliver an exit plan describing how the Services will be transferred to the Customer or to a replacement supplier.',
  'D.2 Exit period. On termination or expiry, the Supplier shall continue to provide the Services and reasonable exit assistance for an exit period of up to six (6) months, at the charges in force immediately before termination.',
  'D.3 Data export. During the exit period the Supplier shall export all Customer Data in CSV and JSON formats, with its documentation, within ten (10) Business Days of the Customer\'s request.',
  'D.4 Knowledge transfer. The Supplier shall make its key personnel available for up to twenty (20) days of knowledge transfer workshops with the Customer or its replacement supplier.',
  'D.5 Cooperation. The Supplier shall cooperate in good faith with any replacement supplier and shall not do anything designed to hinder the orderly transfer of the Services.',
  'D.6 Final invoice. The Supplier shall issue its final invoice no later than thirty (30) days after the end of the exit period, and no charges accrue after the Customer Data has been returned and deleted.',
];

/** The agreement and its four schedules, as signed. */
export const MSA: ContractDocument[] = [
  document('Master Services Agreement between Northwind Analytics Limited and Harbour Logistics plc', MSA_CLAUSES),
  document('Schedule A: Services and Service Levels', SCHEDULE_A_CLAUSES),
  document('Schedule B: Charges and Payment', SCHEDULE_B_CLAUSES),
  document('Schedule C: Data Processing', SCHEDULE_C_CLAUSES),
  document('Schedule D: Exit Management', SCHEDULE_D_CLAUSES),
];

/** The same documents with one clause replaced (found by its number). */
function amended(documents: ContractDocument[], replacements: string[]): ContractDocument[] {
  return documents.map((doc) => {
    let text = doc.text;
    for (const replacement of replacements) {
      const number = replacement.split(' ')[0] as string;
      text = text
        .split('\n\n')
        .map((paragraph) => (paragraph.startsWith(`${number} `) ? replacement : paragraph))
        .join('\n\n');
    }
    return { title: doc.title, text };
  });
}

/** The agreement after its first amendment: a shorter notice period and faster payment. */
export const MSA_AMENDED = amended(MSA, [
  '14.2 Termination for convenience. The Customer may terminate this Agreement for convenience at any time on thirty (30) days\' written notice to the Supplier, on payment of the early termination fee set out in Schedule B.',
  'B.3 Payment terms. The Customer shall pay each undisputed invoice within thirty (30) days of its receipt, by bank transfer to the account named on the invoice.',
]);

/** The agreement after a different amendment (the hidden workload's): a higher availability and a longer exit. */
export const MSA_RENEGOTIATED = amended(MSA, [
  'A.3 Availability. The Supplier commits to a monthly availability of the platform of ninety-nine point nine five per cent (99.95%), excluding scheduled maintenance announced at least five (5) Business Days in advance.',
  'D.2 Exit period. On termination or expiry, the Supplier shall continue to provide the Services and reasonable exit assistance for an exit period of up to twelve (12) months, at the charges in force immediately before termination.',
]);

/** A short mutual NDA: about 400 tokens, below every minimum the check's models cache. */
export const NDA: ContractDocument[] = [
  document('Mutual Non-Disclosure Agreement between Northwind Analytics Limited and Quayside Freight Limited', [
    '1.1 Purpose. The parties wish to exchange confidential information in order to evaluate a possible partnership for the joint tender to the Port of Cork (the "Purpose").',
    '1.2 Confidential information. Confidential information means all information disclosed by one party to the other in connection with the Purpose, in any form, that is marked as confidential or would reasonably be understood to be confidential.',
    '2.1 Use. The receiving party shall use the confidential information only for the Purpose and shall protect it with at least the care it uses for its own confidential information, and never less than reasonable care.',
    '2.2 Exceptions. The obligations do not apply to information that is or becomes public through no fault of the receiving party, that the receiving party already lawfully held, or that it develops independently.',
    '3.1 Term. This Agreement lasts for two (2) years from the date of the last signature, and the confidentiality obligations survive for three (3) years after it ends.',
    '3.2 Return of information. On written request, the receiving party shall return or destroy all confidential information within fourteen (14) days and confirm in writing that it has done so.',
    '4.1 Governing law. This Agreement is governed by the laws of Ireland and the parties submit to the exclusive jurisdiction of the courts of Cork.',
  ]),
];
