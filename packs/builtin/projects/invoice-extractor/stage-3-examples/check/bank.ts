// The solved examples of stage 3 (invoices from earlier months, each with its record) and the
// invoices the checks send. Two vendors write amounts with a decimal comma (1.284,50), two write
// dates month first (04/03/2024 is April 3); the simulated model reads them right only with a
// solved example of the same vendor in the request.
// This file stays in the pack; learners never see it.
import type { Invoice } from '../../stage-1-schema/check/model';

export interface SolvedExample {
  document: string;
  invoice: Invoice;
}

const example = (document: string, invoice: Invoice): SolvedExample => ({ document, invoice });

export const NORTHWIND_0098 = example(
  `INVOICE INV-2024-0098
Northwind Supplies Ltd
12 Harbour Road, Leeds LS1 4AB

Bill to: Kestrel Analytics
Issue date: 2024-02-05
Due date: 2024-03-06

Web hosting (February)               120.00
VAT 20%                               24.00
Total due                       EUR  144.00

Pay by transfer to IBAN GB82 WEST 1234 5698 7654 32`,
  { invoiceNumber: 'INV-2024-0098', vendor: 'Northwind Supplies Ltd', issueDate: '2024-02-05', dueDate: '2024-03-06', currency: 'EUR', iban: 'GB82WEST12345698765432', lines: [{ description: 'Web hosting (February)', amount: 120 }], tax: 24, total: 144 },
);

export const RAVENSCROFT_2187 = example(
  `INVOICE 2187
Ravenscroft Print Co.
Unit 4, Mill Lane, Bristol

Date: 9 January 2024
Bill to: Kestrel Analytics

Letterheads (1,000)                 £210.00
VAT                                  £42.00
TOTAL                               £252.00

Thank you for your custom. Payment on receipt, by bank transfer.`,
  { invoiceNumber: '2187', vendor: 'Ravenscroft Print Co.', issueDate: '2024-01-09', dueDate: null, currency: 'GBP', iban: null, lines: [{ description: 'Letterheads (1,000)', amount: 210 }], tax: 42, total: 252 },
);

/** The same invoice sent twice under two numbers: as similar to any document as RAVENSCROFT_2187 is. */
export const RAVENSCROFT_2188 = example(RAVENSCROFT_2187.document.replace('INVOICE 2187', 'INVOICE 2188'), { ...RAVENSCROFT_2187.invoice, invoiceNumber: '2188' });

/** Long, and full of the words of logistics: it shares many words with a logistics invoice, and many more it does not share. */
export const HARBOUR_20931 = example(
  `INVOICE HFL-20931
Harbour Freight Logistics
Pier 3, Albert Dock, Liverpool L3 4AF

Bill to: Kestrel Analytics
Issue date: 2024-02-01
Due date: 2024-03-02

Pallet storage, January (14 pallets)      420.00
Inbound handling, 14 pallets              168.00
Outbound handling, 9 pallets              108.00
Pick and pack, 312 orders                 624.00
Packaging materials                        86.40
Courier, next day (41 parcels)            287.00
Courier, standard (268 parcels)           938.00
Returns processing (17)                    51.00
Labelling and relabelling                  44.60
Insurance, goods in storage                35.00
Account management                         75.00
Subtotal                                2,837.00
VAT 20%                                   567.40
Total due                       GBP     3,404.40

IBAN GB33 BUKB 2020 1555 5555 55`,
  {
    invoiceNumber: 'HFL-20931',
    vendor: 'Harbour Freight Logistics',
    issueDate: '2024-02-01',
    dueDate: '2024-03-02',
    currency: 'GBP',
    iban: 'GB33BUKB20201555555555',
    lines: [
      { description: 'Pallet storage, January (14 pallets)', amount: 420 },
      { description: 'Inbound handling, 14 pallets', amount: 168 },
      { description: 'Outbound handling, 9 pallets', amount: 108 },
      { description: 'Pick and pack, 312 orders', amount: 624 },
      { description: 'Packaging materials', amount: 86.4 },
      { description: 'Courier, next day (41 parcels)', amount: 287 },
      { description: 'Courier, standard (268 parcels)', amount: 938 },
      { description: 'Returns processing (17)', amount: 51 },
      { description: 'Labelling and relabelling', amount: 44.6 },
      { description: 'Insurance, goods in storage', amount: 35 },
      { description: 'Account management', amount: 75 },
    ],
    tax: 567.4,
    total: 3404.4,
  },
);

/** Month first: 03/14/2024 is March 14. */
export const LONE_PINE_55012 = example(
  `INVOICE LP-55012
Lone Pine Outfitters Inc.
410 Ridge Road, Boulder, CO 80302

Bill to: Kestrel Analytics
Invoice date: 03/14/2024
Due date: 04/13/2024

Fleece jackets, embroidered (25)    $1,375.00
Water bottles (50)                    $450.00
Sales tax 8.45%                       $154.21
Total                               $1,979.21`,
  {
    invoiceNumber: 'LP-55012',
    vendor: 'Lone Pine Outfitters Inc.',
    issueDate: '2024-03-14',
    dueDate: '2024-04-13',
    currency: 'USD',
    iban: null,
    lines: [
      { description: 'Fleece jackets, embroidered (25)', amount: 1375 },
      { description: 'Water bottles (50)', amount: 450 },
    ],
    tax: 154.21,
    total: 1979.21,
  },
);

export const TULIP_88301 = example(
  `INVOICE TD-88301
Tulip Data B.V.
Keizersgracht 100, Amsterdam

Invoice date: April 2, 2024
Payment due: May 2, 2024

Data licence, Q2                  $2,400.00
Tax (0%)                              $0.00
Total                             $2,400.00

IBAN: NL91 ABNA 0417 1643 00`,
  { invoiceNumber: 'TD-88301', vendor: 'Tulip Data B.V.', issueDate: '2024-04-02', dueDate: '2024-05-02', currency: 'USD', iban: 'NL91ABNA0417164300', lines: [{ description: 'Data licence, Q2', amount: 2400 }], tax: 0, total: 2400 },
);

/** Decimal commas: 1.284,50 is one thousand two hundred and eighty-four and a half. */
export const BRAUHAUS_0311 = example(
  `INVOICE RE-2024-0311
Brauhaus Adler GmbH
Hopfenweg 12, 80331 München

Bill to: Kestrel Analytics
Datum: 04.03.2024
Fällig: 03.04.2024

Pils, Fass 50 l (4)                 1.284,50
Leihgebühr Zapfanlage                 120,00
MwSt. 19 %                            266,86
Total / Gesamt                 EUR  1.671,36

IBAN DE89 3704 0044 0532 0130 00`,
  {
    invoiceNumber: 'RE-2024-0311',
    vendor: 'Brauhaus Adler GmbH',
    issueDate: '2024-03-04',
    dueDate: '2024-04-03',
    currency: 'EUR',
    iban: 'DE89370400440532013000',
    lines: [
      { description: 'Pils, Fass 50 l (4)', amount: 1284.5 },
      { description: 'Leihgebühr Zapfanlage', amount: 120 },
    ],
    tax: 266.86,
    total: 1671.36,
  },
);

/** Month first: 01/22/2024 is January 22. */
export const BLUE_MESA_7781 = example(
  `INVOICE BM-7781
Blue Mesa Software LLC
1200 Canyon Blvd, Tucson, AZ 85701

Bill to: Kestrel Analytics
Date: 01/22/2024
Due: 02/21/2024

Analytics seats, annual (10)        $4,800.00
Priority support                      $600.00
Sales tax 0%                            $0.00
Total                               $5,400.00`,
  {
    invoiceNumber: 'BM-7781',
    vendor: 'Blue Mesa Software LLC',
    issueDate: '2024-01-22',
    dueDate: '2024-02-21',
    currency: 'USD',
    iban: null,
    lines: [
      { description: 'Analytics seats, annual (10)', amount: 4800 },
      { description: 'Priority support', amount: 600 },
    ],
    tax: 0,
    total: 5400,
  },
);

/** Decimal commas, and a short invoice: it shares fewer words with the next invoice than HARBOUR_20931 does. */
export const FALK_1042 = example(
  `INVOICE SF-24-1042
Spedition Falk GmbH
Hafenstraße 7, 20457 Hamburg

Datum: 15.01.2024

Lagerung Januar                       980,00
MwSt. 19 %                            186,20
Gesamt                         EUR  1.166,20`,
  { invoiceNumber: 'SF-24-1042', vendor: 'Spedition Falk GmbH', issueDate: '2024-01-15', dueDate: null, currency: 'EUR', iban: null, lines: [{ description: 'Lagerung Januar', amount: 980 }], tax: 186.2, total: 1166.2 },
);

/** Decimal commas, day first (as the model reads slashed dates anyway). */
export const ATELIER_118 = example(
  `INVOICE AL-2024-118
Atelier Lumière SARL
14 rue des Arts, 69002 Lyon

Bill to: Kestrel Analytics
Date: 12/02/2024
Due date: 13/03/2024

Séance photo, demi-journée            840,00
Retouche, 25 images                   312,50
TVA 20 %                              230,50
Total TTC                      EUR  1.383,00

IBAN FR14 2004 1010 0505 0001 3M02 606`,
  {
    invoiceNumber: 'AL-2024-118',
    vendor: 'Atelier Lumière SARL',
    issueDate: '2024-02-12',
    dueDate: '2024-03-13',
    currency: 'EUR',
    iban: 'FR1420041010050500013M02606',
    lines: [
      { description: 'Séance photo, demi-journée', amount: 840 },
      { description: 'Retouche, 25 images', amount: 312.5 },
    ],
    tax: 230.5,
    total: 1383,
  },
);

/** The bank most scenarios use: the vendors with odd habits come late, so the first examples are not the right ones. */
export const BANK: SolvedExample[] = [NORTHWIND_0098, RAVENSCROFT_2187, HARBOUR_20931, LONE_PINE_55012, TULIP_88301, BRAUHAUS_0311, BLUE_MESA_7781, FALK_1042, ATELIER_118];

// ── The invoices to extract ──────────────────────────────────────────────────────────────────

export const BRAUHAUS_0412 = example(
  `INVOICE RE-2024-0412
Brauhaus Adler GmbH
Hopfenweg 12, 80331 München

Bill to: Kestrel Analytics
Datum: 08.04.2024
Fällig: 08.05.2024

Weißbier, Fass 30 l (6)             1.149,00
Pils, Fass 50 l (2)                   642,25
Lieferung                              45,00
MwSt. 19 %                            348,89
Total / Gesamt                 EUR  2.185,14

IBAN DE89 3704 0044 0532 0130 00`,
  {
    invoiceNumber: 'RE-2024-0412',
    vendor: 'Brauhaus Adler GmbH',
    issueDate: '2024-04-08',
    dueDate: '2024-05-08',
    currency: 'EUR',
    iban: 'DE89370400440532013000',
    lines: [
      { description: 'Weißbier, Fass 30 l (6)', amount: 1149 },
      { description: 'Pils, Fass 50 l (2)', amount: 642.25 },
      { description: 'Lieferung', amount: 45 },
    ],
    tax: 348.89,
    total: 2185.14,
  },
);

export const BRAUHAUS_0457 = example(
  `INVOICE RE-2024-0457
Brauhaus Adler GmbH
Hopfenweg 12, 80331 München

Bill to: Kestrel Analytics
Datum: 06.05.2024
Fällig: 05.06.2024

Pils, Fass 50 l (6)                 1.926,00
Lieferung, Samstag                     84,00
MwSt. 19 %                            381,90
Total / Gesamt                 EUR  2.391,90

IBAN DE89 3704 0044 0532 0130 00`,
  {
    invoiceNumber: 'RE-2024-0457',
    vendor: 'Brauhaus Adler GmbH',
    issueDate: '2024-05-06',
    dueDate: '2024-06-05',
    currency: 'EUR',
    iban: 'DE89370400440532013000',
    lines: [
      { description: 'Pils, Fass 50 l (6)', amount: 1926 },
      { description: 'Lieferung, Samstag', amount: 84 },
    ],
    tax: 381.9,
    total: 2391.9,
  },
);

export const LONE_PINE_55190 = example(
  `INVOICE LP-55190
Lone Pine Outfitters Inc.
410 Ridge Road, Boulder, CO 80302

Bill to: Kestrel Analytics
Invoice date: 04/03/2024
Due date: 05/03/2024

Trail backpacks (12)                $1,068.00
Sales tax 8.45%                        $90.25
Total                               $1,158.25`,
  {
    invoiceNumber: 'LP-55190',
    vendor: 'Lone Pine Outfitters Inc.',
    issueDate: '2024-04-03',
    dueDate: '2024-05-03',
    currency: 'USD',
    iban: null,
    lines: [{ description: 'Trail backpacks (12)', amount: 1068 }],
    tax: 90.25,
    total: 1158.25,
  },
);

export const BLUE_MESA_7954 = example(
  `INVOICE BM-7954
Blue Mesa Software LLC
1200 Canyon Blvd, Tucson, AZ 85701

Bill to: Kestrel Analytics
Date: 06/05/2024
Due: 07/05/2024

Analytics seats, added (3)            $360.00
Sales tax 0%                            $0.00
Total                                 $360.00`,
  {
    invoiceNumber: 'BM-7954',
    vendor: 'Blue Mesa Software LLC',
    issueDate: '2024-06-05',
    dueDate: '2024-07-05',
    currency: 'USD',
    iban: null,
    lines: [{ description: 'Analytics seats, added (3)', amount: 360 }],
    tax: 0,
    total: 360,
  },
);

export const FALK_1377 = example(
  `INVOICE SF-24-1377
Spedition Falk GmbH
Hafenstraße 7, 20457 Hamburg

Bill to: Kestrel Analytics
Datum: 12.03.2024
Due date: 11.04.2024

Pallet storage, February (20 pallets)     1.240,00
Inbound handling, 20 pallets                240,00
Courier, next day (12 parcels)               96,00
MwSt. 19 %                                  299,44
Total                                EUR  1.875,44

IBAN DE25 5001 0517 0000 1234 5678`,
  {
    invoiceNumber: 'SF-24-1377',
    vendor: 'Spedition Falk GmbH',
    issueDate: '2024-03-12',
    dueDate: '2024-04-11',
    currency: 'EUR',
    iban: 'DE2550010517000012345678',
    lines: [
      { description: 'Pallet storage, February (20 pallets)', amount: 1240 },
      { description: 'Inbound handling, 20 pallets', amount: 240 },
      { description: 'Courier, next day (12 parcels)', amount: 96 },
    ],
    tax: 299.44,
    total: 1875.44,
  },
);

export const ATELIER_131 = example(
  `INVOICE AL-2024-131
Atelier Lumière SARL
14 rue des Arts, 69002 Lyon

Bill to: Kestrel Analytics
Date: 05/04/2024
Due date: 05/05/2024

Séance photo, journée complète      1.450,00
TVA 20 %                              290,00
Total TTC                      EUR  1.740,00

IBAN FR14 2004 1010 0505 0001 3M02 606`,
  {
    invoiceNumber: 'AL-2024-131',
    vendor: 'Atelier Lumière SARL',
    issueDate: '2024-04-05',
    dueDate: '2024-05-05',
    currency: 'EUR',
    iban: 'FR1420041010050500013M02606',
    lines: [{ description: 'Séance photo, journée complète', amount: 1450 }],
    tax: 290,
    total: 1740,
  },
);

export const RAVENSCROFT_2291 = example(
  `INVOICE 2291
Ravenscroft Print Co.
Unit 4, Mill Lane, Bristol

Date: 14 May 2024
Bill to: Kestrel Analytics

Business cards (500)                 £89.00
Flyers A5 (1,000)                 £1,140.00
VAT                                 £245.80
TOTAL                             £1,474.80

Thank you for your custom. Payment on receipt, by bank transfer.`,
  {
    invoiceNumber: '2291',
    vendor: 'Ravenscroft Print Co.',
    issueDate: '2024-05-14',
    dueDate: null,
    currency: 'GBP',
    iban: null,
    lines: [
      { description: 'Business cards (500)', amount: 89 },
      { description: 'Flyers A5 (1,000)', amount: 1140 },
    ],
    tax: 245.8,
    total: 1474.8,
  },
);

/** Decimal commas, from a vendor with no example in the bank: nothing teaches the model how to read them. */
export const ZILVER_2024_77 = `INVOICE ZV-2024-77
Zilverberg Vertaalbureau
Prinsengracht 250, Amsterdam

Bill to: Kestrel Analytics
Datum: 10.06.2024

Vertaling, 14.300 woorden           2.150,00
Redactie                              385,00
VAT (BTW) 21 %                        532,35
Total                          EUR  3.067,35

IBAN NL91 ABNA 0417 1643 00`;

/** Printed all in capitals by the vendor's till; month first, like its earlier invoice. */
export const LONE_PINE_55231 = example(
  `INVOICE LP-55231
LONE PINE OUTFITTERS INC.
410 RIDGE ROAD, BOULDER, CO 80302

BILL TO: KESTREL ANALYTICS
INVOICE DATE: 05/06/2024
DUE DATE: 06/05/2024

TRAIL BACKPACKS (4)                   $356.00
SALES TAX 8.45%                        $30.08
TOTAL                                 $386.08`,
  {
    invoiceNumber: 'LP-55231',
    vendor: 'LONE PINE OUTFITTERS INC.',
    issueDate: '2024-05-06',
    dueDate: '2024-06-05',
    currency: 'USD',
    iban: null,
    lines: [{ description: 'TRAIL BACKPACKS (4)', amount: 356 }],
    tax: 30.08,
    total: 386.08,
  },
);
