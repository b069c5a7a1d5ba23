import type { TemplateParts } from './templates';

const TEXT_FOOTER =
  'Was this useful? Yes: {{ usefulYesUrl }}  No: {{ usefulNoUrl }}\nChange what we send you: {{ preferencesUrl }}\nUnsubscribe: {{ unsubscribeUrl }}\n';
const HTML_FOOTER =
  '<hr><p>Was this useful? <a href="{{ usefulYesUrl }}">Yes</a> · <a href="{{ usefulNoUrl }}">No</a></p>' +
  '<p><a href="{{ preferencesUrl }}">Change what we send you</a> · <a href="{{ unsubscribeUrl }}">Unsubscribe</a></p>';

/**
 * A newsletter's email as sent: its body (HTML; the text part is the body without tags), then
 * the usefulness question and the way out, whatever the body says. Delivery and the preview
 * both render this.
 */
export function newsletterParts(n: { subject: string; body: string }): TemplateParts {
  return {
    subject: n.subject,
    text: `${n.body.replace(/<[^>]+>/g, '')}\n\n${TEXT_FOOTER}`,
    html: `${n.body}${HTML_FOOTER}`,
  };
}
