import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFDocument, type PDFFont, type PDFImage, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import type { SigningCertificate } from './signatures.certificate.ts';
import type { FieldType } from './signatures.tables.ts';

export interface SealSigner {
  name: string;
  email: string;
  signed_at: Date;
  ip: string | null;
  signature: { type: 'drawn'; png: Buffer } | { type: 'typed'; name: string };
}

/** A field as placed (relative units, from the page's top-left corner) with what fills it. */
export interface SealField {
  type: FieldType;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  signer_index: number;
  /** The text of initials, date and text fields. */
  value: string | null;
}

export interface SealInput {
  original: Uint8Array;
  title: string;
  request_id: string;
  original_sha256: string;
  final_audit_hash: string;
  verify_url: string;
  created_at: Date;
  completed_at: Date;
  signers: SealSigner[];
  fields: SealField[];
  certificate: SigningCertificate;
  company_name: string;
}

/** Whether a PDF can be sealed: pdf-lib reads it and it is not encrypted. Returns its page count. */
export async function pdfPageCount(bytes: Uint8Array): Promise<number | null> {
  try {
    const document = await PDFDocument.load(bytes, { updateMetadata: false });
    return document.getPageCount();
  } catch {
    return null;
  }
}

// Letters without a decomposition into base + accent.
const lookalikes: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
  Ŀ: 'L',
  ŀ: 'l',
};

/** The standard fonts write WinAnsi only: anything else becomes its unaccented form or '?'. */
function printable(font: PDFFont, text: string): string {
  let out = '';
  for (const original of text.replace(/[\r\n\t]+/g, ' ')) {
    const character = lookalikes[original] ?? original;
    try {
      font.encodeText(character);
      out += character;
    } catch {
      const plain = character.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      try {
        font.encodeText(plain);
        out += plain;
      } catch {
        out += '?';
      }
    }
  }
  return out;
}

/** The largest size (≤ max) at which `text` fits `width`. */
function fittingSize(font: PDFFont, text: string, width: number, max: number) {
  const at1 = font.widthOfTextAtSize(text, 1) || 1;
  return Math.max(4, Math.min(max, width / at1));
}

function drawInBox(
  page: PDFPage,
  font: PDFFont,
  text: string,
  box: { x: number; y: number; width: number; height: number },
) {
  const safe = printable(font, text);
  const size = fittingSize(font, safe, box.width * 0.95, box.height * 0.7);
  page.drawText(safe, { x: box.x + 2, y: box.y + (box.height - size) / 2 + size * 0.2, size, font });
}

function drawImageInBox(
  page: PDFPage,
  image: PDFImage,
  box: { x: number; y: number; width: number; height: number },
) {
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  page.drawImage(image, {
    x: box.x + (box.width - width) / 2,
    y: box.y + (box.height - height) / 2,
    width,
    height,
  });
}

const dateTime = (date: Date) => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/**
 * The sealed PDF: the original's pages with every field filled, a certificate page in French
 * and English, and a PAdES (ETSI.CAdES.detached) signature over all of it, so a PDF reader
 * and `pdfsig` can tell it was not changed since.
 */
export async function sealPdf(input: SealInput): Promise<Buffer> {
  const document = await PDFDocument.load(input.original, { updateMetadata: false });
  const regular = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const script = await document.embedFont(StandardFonts.TimesRomanItalic);
  const images = await Promise.all(
    input.signers.map((signer) =>
      signer.signature.type === 'drawn' ? document.embedPng(signer.signature.png) : Promise.resolve(null),
    ),
  );

  const pages = document.getPages();
  for (const field of input.fields) {
    const page = pages[field.page - 1];
    const signer = input.signers[field.signer_index];
    if (!page || !signer) continue;
    const { width, height } = page.getSize();
    const box = {
      x: field.x * width,
      y: height - (field.y + field.height) * height,
      width: field.width * width,
      height: field.height * height,
    };
    const image = images[field.signer_index];
    if (field.type === 'signature') {
      if (image) drawImageInBox(page, image, box);
      else if (signer.signature.type === 'typed') drawInBox(page, script, signer.signature.name, box);
    } else if (field.value) {
      drawInBox(page, regular, field.value, box);
    }
  }

  await certificatePage(document, input, { regular, bold, script }, images);
  document.setProducer('Atrium');
  document.setModificationDate(input.completed_at);

  pdflibAddPlaceholder({
    pdfDoc: document,
    reason: `Signed through Atrium — request ${input.request_id}`,
    contactInfo: input.verify_url,
    name: input.company_name,
    location: 'Atrium',
    signingTime: input.completed_at,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Atrium',
  });
  const unsigned = Buffer.from(await document.save({ useObjectStreams: false }));
  const signer = new P12Signer(input.certificate.p12, { passphrase: input.certificate.passphrase });
  return new SignPdf().sign(unsigned, signer, input.completed_at);
}

async function certificatePage(
  document: PDFDocument,
  input: SealInput,
  fonts: { regular: PDFFont; bold: PDFFont; script: PDFFont },
  images: (PDFImage | null)[],
) {
  let page = document.addPage([612, 792]);
  const margin = 48;
  let y = 792 - margin;
  /** A new certificate page when what follows would not fit (many signers). */
  const room = (height: number) => {
    if (y - height >= margin) return;
    page = document.addPage([612, 792]);
    y = 792 - margin;
  };
  const line = (text: string, options: { size?: number; font?: PDFFont; gap?: number; x?: number } = {}) => {
    const size = options.size ?? 9;
    const font = options.font ?? fonts.regular;
    page.drawText(printable(font, text), {
      x: options.x ?? margin,
      y,
      size,
      font,
      color: rgb(0.1, 0.1, 0.12),
    });
    y -= options.gap ?? size + 4;
  };
  line('Certificat de signature électronique', { size: 16, font: fonts.bold, gap: 20 });
  line('Electronic signature certificate', { size: 12, font: fonts.regular, gap: 22 });
  line(`Document : ${input.title}`, { size: 10, font: fonts.bold });
  line(`Demande / Request : ${input.request_id}`);
  line(`Émis par / Issued by : ${input.company_name}`);
  line(`Envoyé le / Sent : ${dateTime(input.created_at)}`);
  line(`Complété le / Completed : ${dateTime(input.completed_at)}`, { gap: 18 });

  line('Signataires / Signers', { size: 11, font: fonts.bold, gap: 16 });
  input.signers.forEach((signer, index) => {
    room(70);
    const top = y;
    line(`${index + 1}. ${signer.name} <${signer.email}>`, { size: 10, font: fonts.bold });
    line(`Signé le / Signed : ${dateTime(signer.signed_at)}`);
    line(`Adresse IP / IP address : ${signer.ip ?? '—'}`);
    line(
      `Méthode / Method : ${signer.signature.type === 'drawn' ? 'signature dessinée / drawn' : 'nom saisi / typed name'}`,
      { gap: 8 },
    );
    const box = { x: 612 - margin - 160, y: top - 44, width: 160, height: 48 };
    const image = images[index];
    if (image) drawImageInBox(page, image, box);
    else if (signer.signature.type === 'typed') drawInBox(page, fonts.script, signer.signature.name, box);
    page.drawLine({
      start: { x: box.x, y: box.y },
      end: { x: box.x + box.width, y: box.y },
      thickness: 0.5,
      color: rgb(0.6, 0.6, 0.6),
    });
    y = Math.min(y, box.y - 10);
  });

  y -= 6;
  room(130);
  line('Intégrité / Integrity', { size: 11, font: fonts.bold, gap: 16 });
  line("SHA-256 de l'original / Original's SHA-256 :");
  line(input.original_sha256, { font: fonts.bold, gap: 16 });
  line("Empreinte finale de la piste d'audit / Final audit trail hash :");
  line(input.final_audit_hash, { font: fonts.bold, gap: 16 });
  line(`Certificat de scellement / Sealing certificate : ${input.certificate.subject}`);
  line(`SHA-256 : ${input.certificate.fingerprint}`, { gap: 18 });

  const qr = await QRCode.toBuffer(input.verify_url, { type: 'png', margin: 1, width: 240 });
  const qrImage = await document.embedPng(qr);
  const qrSize = 96;
  room(qrSize + 10);
  const qrY = y - qrSize;
  page.drawImage(qrImage, { x: margin, y: qrY, width: qrSize, height: qrSize });
  y = qrY + qrSize - 12;
  const textX = margin + qrSize + 12;
  line('Vérifier ce document / Verify this document :', { x: textX, font: fonts.bold });
  line(input.verify_url, { x: textX });
  line('Déposez ce PDF sur la page : son empreinte est calculée dans votre navigateur.', { x: textX });
  line('Drop this PDF on the page: its hash is computed in your browser.', { x: textX });
}
