// What the checks of legal-intake-output-controls send: clients' enquiries and contracts. This
// file stays in the pack; learners never see it.

export const ENQUIRIES = {
  deposit:
    'Hello, I moved out of my flat in June and my landlord is still keeping the whole deposit. He says the carpet needs replacing, but it was already worn when the tenancy started. Can you help me get it back? Priya',
  dismissal:
    'I was dismissed last Friday after asking my manager for two days off to look after my child, who was ill. My employer says my shifts were not covered. Is this allowed? Tom',
  washingMachine:
    'I bought a washing machine from an online retailer in March. It is faulty (it leaks on every wash) and the shop refuses a refund, saying the warranty only covers parts. What can I do? Mrs Adeyemi',
  charityMeeting: 'Good morning, could our charity book one of your meeting rooms for its annual general meeting in October? We are about forty people. Kind regards, Jo',
  separation:
    'My husband and I separated in January and we cannot agree on where the children should live during the week. He now wants custody every weekend as well. Where do I stand? Leila',
};

export const TENANCY = [
  "1. Term. This tenancy starts on 1 March 2026 and runs for twelve months. Either party may end it after six months by giving the other two months' notice in writing.",
  '2. Rent. The tenant pays £1,150 on the first day of each month, by bank transfer to the account the landlord names.',
  '3. Deposit. The tenant pays a deposit of £1,327, which the landlord protects in a government-approved scheme within 30 days of receiving it.',
].join('\n\n');

/** A first clause of about 280 tokens, with numbers in it that are not clause numbers (£12.50, paragraph 2.4). */
export const EMPLOYMENT_CONTRACT = [
  [
    '1. Duties and hours. The employee is employed as a warehouse team leader at the Northgate site and reports to the site manager.',
    'The employee will organise the daily picking and packing rota, train new starters in the safe use of the conveyor and the pallet trucks,',
    'check that every order leaving the site has been scanned, and report damaged stock to the stock controller before the end of each shift.',
    'Normal hours are 37.5 a week, worked as five shifts of 7.5 hours between 6 am and 10 pm on a rota published two weeks in advance.',
    'The employer may ask the employee to work up to eight hours of overtime a week in busy periods, paid at £12.50 an hour on top of the normal rate,',
    'and will give at least 48 hours of notice of any overtime except in an emergency described in paragraph 2.4 of the staff handbook.',
    'The employee may refuse overtime for caring responsibilities without any effect on pay, appraisal or promotion.',
    'The employer may move the employee to the Southgate site for up to four weeks a year to cover absence, and pays the extra travel at the published mileage rate.',
  ].join(' '),
  '2. Pay. The salary is £29,400 a year, paid monthly in arrears on the last working day of the month.',
  '3. Holidays. The employee is entitled to 28 days of paid holiday a year, including bank holidays.',
].join('\n\n');

export const SIDE_LETTER = [
  'SIDE LETTER',
  '1. Parking. Further to the tenancy agreement dated 1 March 2026, the landlord allows the tenant to use parking space 14 at no extra charge for as long as the tenancy lasts.',
].join('\n\n');

const DEFINED_TERMS = [
  ['Agreement', 'this supply agreement, its schedules and any variation the parties agree in writing'],
  ['Business Day', 'a day other than a Saturday, a Sunday or a public holiday in England'],
  ['Charges', 'the charges for the Goods set out in Schedule 2, as varied under this Agreement'],
  ['Commencement Date', 'the date on which the last of the parties signs this Agreement'],
  ['Confidential Information', 'all information of a confidential nature that one party discloses to the other, in any form, including pricing, customer lists and plans'],
  ['Customer', 'Fairmead Foods Limited, a company registered in England with number 04418276'],
  ['Defect', 'any failure of the Goods to match the Specification, or any fault in materials or workmanship'],
  ['Delivery', 'the transfer of physical possession of the Goods to the Customer at the Delivery Location'],
  ['Delivery Location', 'the Customer\'s distribution centre at Unit 7, Westbrook Park, or any other place the Customer names in an Order'],
  ['Force Majeure Event', 'an event beyond the reasonable control of the party affected, including fire, flood, epidemic, war and the failure of a public utility'],
  ['Goods', 'the chilled and frozen food products described in the Specification that the Supplier supplies under an Order'],
  ['Intellectual Property Rights', 'patents, trade marks, design rights, copyright and every similar right anywhere in the world'],
  ['Order', 'the Customer\'s written order for Goods, sent by email or through the Supplier\'s ordering portal'],
  ['Price Review Date', 'the first of April in each year after the Commencement Date'],
  ['Quality Standards', 'the food safety and hygiene standards in Schedule 3 and any standard that applies by law'],
  ['Recall', 'any withdrawal of Goods from sale that a regulator requires or that either party reasonably decides is needed to protect consumers'],
  ['Rejected Goods', 'Goods the Customer rejects under clause 6 because they have a Defect or arrive outside the agreed temperature range'],
  ['Specification', 'the description of the Goods, their ingredients, packaging and labelling in Schedule 1'],
  ['Supplier', 'Coastline Produce Limited, a company registered in England with number 07731590'],
  ['Term', 'the period from the Commencement Date until this Agreement ends under clause 14'],
  ['Working Hours', 'the hours from 7 am to 7 pm on a Business Day'],
];

/** A first clause of about 1,600 tokens: more than the intake form takes. */
export const SUPPLY_AGREEMENT = [
  `1. Definitions. In this Agreement the following words have the meanings given to them below, and the rules of interpretation in this clause apply. ${DEFINED_TERMS.map(([term, meaning]) => `"${term}" means ${meaning}.`).join(' ')} ${DEFINED_TERMS.map(([term]) => `A reference to the ${term} includes a reference to the ${term} as amended, extended or replaced from time to time, and the ${term} is to be read together with every schedule that refers to it.`).join(' ')}`,
  '2. Supply. The Supplier will supply the Goods to the Customer in the quantities set out in each Order.',
  '3. Charges. The Customer will pay the Charges within 30 days of the date of each invoice.',
].join('\n\n');

export const CONSULTANCY = [
  'CONSULTANCY AGREEMENT',
  'This agreement is made on 4 May 2026 between Harbour Analytics Ltd (the company) and Dana Okafor (the consultant).',
  "1. Services. The consultant will review the company's monthly reporting process and deliver the written report described in clause 2.3 by 30 June 2026.",
  '2. Fees. The company pays the consultant £650 a day, up to twelve days, within 14 days of each invoice.',
].join('\n\n');

/** The first clause of `contract`, as written. */
export function firstClause(contract: string): string {
  return (contract.split('\n\n').find((paragraph) => paragraph.startsWith('1. ')) as string).trim();
}
