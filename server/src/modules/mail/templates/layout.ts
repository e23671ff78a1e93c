/*
 * The shared layout of every message: a single 600px column of tables with inline styles
 * (what Outlook, Gmail and Apple Mail all render), the company's name on top and its address
 * at the bottom, and the same content as plain text. Templates describe content as blocks;
 * only this file writes HTML, and every value passes through escapeHtml here.
 */

export const mailLanguages = ['fr-CA', 'en-CA'] as const;
export type MailLanguage = (typeof mailLanguages)[number];

/** What the layout shows of the company (from its settings). */
export interface MailCompany {
  name: string;
  address_lines: string[];
  phone: string | null;
  email: string | null;
  website: string | null;
}

export type MailBlock =
  | { kind: 'paragraph'; text: string }
  /** Label / value rows (invoice number, amount due…); `strong` rows stand out. */
  | { kind: 'facts'; rows: { label: string; value: string; strong?: boolean }[] }
  | { kind: 'button'; label: string; url: string }
  /** A coloured notice above the text (a reminder's tone). */
  | { kind: 'notice'; text: string; tone: 'info' | 'warning' | 'danger' };

export interface MailContent {
  subject: string;
  /** The line mail clients show after the subject in the inbox list. */
  preheader: string;
  heading: string;
  blocks: MailBlock[];
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => htmlEscapes[character]!);
}

/** Only http(s) links become buttons: a stored `javascript:` URL must never be clickable. */
function safeUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const font = 'font-family:Helvetica,Arial,sans-serif;';
const tones = {
  info: { background: '#e7f0fd', border: '#1c64d1', color: '#123a78' },
  warning: { background: '#fff4e0', border: '#c77700', color: '#6b3f00' },
  danger: { background: '#fde8e8', border: '#c81e1e', color: '#771d1d' },
} as const;

/** Paragraph text: escaped, its line breaks kept. */
function paragraphHtml(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

function blockHtml(block: MailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px;${font}font-size:16px;line-height:24px;color:#1f2937;">${paragraphHtml(block.text)}</p>`;
    case 'notice': {
      const tone = tones[block.tone];
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;"><tr><td style="background:${tone.background};border-left:4px solid ${tone.border};padding:12px 16px;${font}font-size:15px;line-height:22px;color:${tone.color};">${paragraphHtml(block.text)}</td></tr></table>`;
    }
    case 'facts': {
      const rows = block.rows
        .map(
          (row) =>
            `<tr><td style="padding:6px 0;${font}font-size:15px;color:#4b5563;">${escapeHtml(row.label)}</td><td align="right" style="padding:6px 0;${font}font-size:15px;color:#111827;${row.strong ? 'font-weight:bold;' : ''}">${escapeHtml(row.value)}</td></tr>`,
        )
        .join('');
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;border-top:1px solid #e5e7eb;border-bottom:1px solid #e5e7eb;">${rows}</table>`;
    }
    case 'button': {
      const url = safeUrl(block.url);
      if (!url) return '';
      const href = escapeHtml(url);
      return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 24px;"><tr><td align="center" bgcolor="#1c64d1" style="border-radius:6px;"><a href="${href}" target="_blank" style="display:inline-block;padding:12px 24px;${font}font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(block.label)}</a></td></tr></table>`;
    }
  }
}

function blockText(block: MailBlock, language: MailLanguage): string {
  // French typography: a space before the colon.
  const colon = language === 'fr-CA' ? ' : ' : ': ';
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'notice':
      return `** ${block.text} **`;
    case 'facts':
      return block.rows.map((row) => `${row.label}${colon}${row.value}`).join('\n');
    case 'button': {
      const url = safeUrl(block.url);
      return url ? `${block.label}${colon}${url}` : '';
    }
  }
}

function companyLines(company: MailCompany): string[] {
  return [
    ...company.address_lines,
    [company.phone, company.email, company.website].filter(Boolean).join(' · '),
  ].filter((line) => line.trim() !== '');
}

/**
 * Where the company's logo goes, above its name. The HTML is stored when a message is queued
 * but the logo is added when it is sent (withCompanyLogo): a message queued before a logo was
 * set (or after it was removed) still sends, and never references an image it does not carry.
 */
export const logoSlot = '<!--company-logo-->';
export const logoCid = 'company-logo';

/** Shown at most this size (CSS px); the stored PNG, up to 600×200, stays sharp on high-density screens. */
const logoBox = { width: 240, height: 80 };

/** The logo's dimensions, as the delivery job knows them. */
export interface MailLogo {
  width: number;
  height: number;
}

/** The stored HTML with the logo's inline image in its slot; unchanged when it has no slot or there is no logo. */
export function withCompanyLogo(html: string, logo: MailLogo | undefined, companyName: string): string {
  if (!logo || !html.includes(logoSlot)) return html;
  const scale = Math.min(1, logoBox.width / logo.width, logoBox.height / logo.height);
  const width = Math.max(1, Math.round(logo.width * scale));
  const height = Math.max(1, Math.round(logo.height * scale));
  const image = `<img src="cid:${logoCid}" width="${width}" height="${height}" alt="${escapeHtml(companyName)}" style="display:block;border:0;outline:none;text-decoration:none;width:${width}px;height:${height}px;margin:0 0 12px;">`;
  return html.replace(logoSlot, image);
}

/** The message as HTML and as text, in the layout every kind shares. */
export function renderMail(content: MailContent, company: MailCompany, language: MailLanguage): RenderedMail {
  const lines = companyLines(company);
  const body = content.blocks.map(blockHtml).join('\n');
  const footer = lines.map(escapeHtml).join('<br>');
  const html = `<!DOCTYPE html>
<html lang="${language}" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(content.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:24px 32px;border-bottom:1px solid #e5e7eb;${font}font-size:20px;font-weight:bold;color:#111827;">${logoSlot}${escapeHtml(company.name)}</td></tr>
<tr><td style="padding:32px;">
<h1 style="margin:0 0 20px;${font}font-size:22px;line-height:30px;color:#111827;">${escapeHtml(content.heading)}</h1>
${body}
</td></tr>
<tr><td style="padding:20px 32px;border-top:1px solid #e5e7eb;${font}font-size:13px;line-height:20px;color:#6b7280;">${escapeHtml(company.name)}${footer ? `<br>${footer}` : ''}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  const text = [
    content.heading,
    '',
    ...content.blocks
      .map((block) => blockText(block, language))
      .filter((part) => part !== '')
      .flatMap((part) => [part, '']),
    '--',
    company.name,
    ...lines,
    '',
  ].join('\n');
  return { subject: content.subject, html, text };
}
