import type { Content, TDocumentDefinitions } from '../../../core/pdf.ts';
import { type CompanySettings, formatRegistrationNumber } from '../../settings/index.ts';
import type { PdfCustomer, PdfLanguage, PdfLogo } from './document.model.ts';
import type { PdfLabels } from './labels.ts';

/* The parts every document shares: page, styles, company header, customer block, footer. */

export const colors = {
  accent: '#1f3a5f',
  text: '#1f2328',
  muted: '#5f6b7a',
  rule: '#d5dbe3',
  fill: '#f2f5f9',
  void: '#c92a2a',
  paid: '#2b8a3e',
  draft: '#868e96',
  overdue: '#e8590c',
};

export const styles: TDocumentDefinitions['styles'] = {
  companyName: { fontSize: 15, bold: true, color: colors.accent },
  small: { fontSize: 8, color: colors.muted },
  label: { fontSize: 7.5, bold: true, color: colors.muted, characterSpacing: 0.6 },
  title: { fontSize: 22, bold: true, color: colors.accent, characterSpacing: 1 },
  number: { fontSize: 11, bold: true },
  tableHeader: { fontSize: 8, bold: true, color: '#ffffff', fillColor: colors.accent },
  note: { fontSize: 8.5, color: colors.text, lineHeight: 1.25 },
};

/** "+14185550199" → "418 555-0199"; others as stored. */
function phone(value: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(value);
  return match ? `${match[1]} ${match[2]}-${match[3]}` : value;
}

/** "https://www.garage.ca/" → "www.garage.ca". */
function website(value: string): string {
  return value.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** Street lines, then "City QC  G6V 1A1" (Canada Post's form), then the country outside Canada. */
export function addressLines(address: {
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string;
}): string[] {
  // A province alone (the defaults' QC) says nothing worth a line.
  const cityLine =
    address.city || address.postal_code
      ? [[address.city, address.region].filter(Boolean).join(' '), address.postal_code]
          .filter(Boolean)
          .join('  ')
      : '';
  return [
    address.line1,
    address.line2,
    cityLine || null,
    address.country !== 'CA' ? countryName(address.country) : null,
  ].filter((line): line is string => Boolean(line));
}

const countryNames = new Intl.DisplayNames(['fr-CA'], { type: 'region' });
function countryName(code: string): string {
  return countryNames.of(code) ?? code;
}

function companyLines(company: CompanySettings, labels: PdfLabels): string[] {
  const contact = [
    company.phone && phone(company.phone),
    company.email,
    company.website && website(company.website),
  ]
    .filter(Boolean)
    .join('  ·  ');
  const registration = [
    company.gst_number && `${labels.gstNumber} ${formatRegistrationNumber(company.gst_number)}`,
    company.qst_number && `${labels.qstNumber} ${formatRegistrationNumber(company.qst_number)}`,
  ]
    .filter(Boolean)
    .join('  ·  ');
  return [
    ...(company.legal_name && company.legal_name !== company.name ? [company.legal_name] : []),
    ...addressLines({
      line1: company.address_line1,
      line2: company.address_line2,
      city: company.city,
      region: company.province,
      postal_code: company.postal_code,
      country: company.country,
    }),
    ...(contact ? [contact] : []),
    ...(registration ? [registration] : []),
  ];
}

/** The logo's box in the header, in points: a wide logo is limited by the width, a tall one by the height. */
const logoBox = { width: 160, height: 60 };

/** The logo as a pdfmake image, scaled to fit logoBox (never enlarged), aspect ratio kept. */
function logoImage(logo: PdfLogo): Content {
  const scale = Math.min(1, logoBox.width / logo.width, logoBox.height / logo.height);
  return {
    image: `data:image/png;base64,${logo.png.toString('base64')}`,
    width: logo.width * scale,
    height: logo.height * scale,
    margin: [0, 0, 0, 6],
  };
}

/**
 * The company on the left (its logo above its name, when there is one), the document's title and
 * number (and whatever `right` adds) on the right.
 */
export function header(
  company: CompanySettings,
  labels: PdfLabels,
  right: Content[],
  logo?: PdfLogo | null,
): Content {
  return {
    columns: [
      {
        width: '*',
        stack: [
          ...(logo ? [logoImage(logo)] : []),
          { text: company.name, style: 'companyName', margin: [0, 0, 0, 4] },
          ...companyLines(company, labels).map((line) => ({ text: line, style: 'small' })),
        ],
      },
      { width: 'auto', stack: right, alignment: 'right' },
    ],
    columnGap: 16,
  };
}

export function rule(margin: [number, number, number, number] = [0, 12, 0, 12]): Content {
  return {
    canvas: [{ type: 'line', x1: 0, y1: 0, x2: 515, y2: 0, lineWidth: 0.75, lineColor: colors.rule }],
    margin,
  };
}

export function customerBlock(customer: PdfCustomer, title: string): Content {
  return {
    stack: [
      { text: title.toUpperCase(), style: 'label', margin: [0, 0, 0, 3] },
      { text: customer.name, bold: true, fontSize: 10 },
      ...customer.address_lines.map((line) => ({ text: line, fontSize: 9 })),
      ...(customer.email ? [{ text: customer.email, fontSize: 9, color: colors.muted }] : []),
    ],
  };
}

/** Label/value pairs, right-aligned, for dates and numbers under the title. */
export function facts(rows: [string, string][]): Content {
  // pdfmake refuses a table without rows (a draft has no dates yet).
  if (rows.length === 0) return { text: '' };
  return {
    table: {
      widths: ['auto', 'auto'],
      body: rows.map(([label, value]) => [
        { text: label.toUpperCase(), style: 'label', alignment: 'right', margin: [0, 1.5, 0, 0] },
        { text: value, fontSize: 9, alignment: 'right' },
      ]),
    },
    layout: 'noBorders',
  };
}

/** A text block with a small heading (notes, terms); nothing when the text is empty. */
export function paragraph(title: string, text: string | null): Content[] {
  if (!text?.trim()) return [];
  return [
    { text: title.toUpperCase(), style: 'label', margin: [0, 10, 0, 3] },
    { text: text.trim(), style: 'note' },
  ];
}

/** The page's frame: size, margins, styles, footer with the company's footer text and page numbers. */
export function page(options: {
  language: PdfLanguage;
  labels: PdfLabels;
  title: string;
  author: string;
  reference: string;
  footer: string | null;
  content: Content[];
  watermark?: { text: string; color: string } | null;
}): TDocumentDefinitions {
  const { labels } = options;
  return {
    pageSize: 'LETTER',
    pageMargins: [48, 44, 48, 58],
    language: options.language,
    info: { title: options.title, author: options.author, creator: 'Atrium', producer: 'Atrium' },
    defaultStyle: { fontSize: 9, color: colors.text, lineHeight: 1.15 },
    styles,
    ...(options.watermark
      ? {
          watermark: {
            text: options.watermark.text,
            color: options.watermark.color,
            opacity: 0.12,
            bold: true,
            angle: -35,
          },
        }
      : {}),
    footer: (currentPage, pageCount) => ({
      margin: [48, 14, 48, 0],
      stack: [
        ...(options.footer ? [{ text: options.footer, style: 'small', alignment: 'center' as const }] : []),
        {
          columns: [
            { text: options.reference, style: 'small' },
            { text: labels.page(currentPage, pageCount), style: 'small', alignment: 'right' },
          ],
          margin: [0, 4, 0, 0],
        },
      ],
    }),
    content: options.content,
  };
}
