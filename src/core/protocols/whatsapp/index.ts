/** WhatsApp's FunXMPP login (`WA` + version): the account's phone number from the client's clear first frames. */
import type { Protocol } from '../../extract/handler';
import { isWhatsAppStart, WhatsAppHandler } from './whatsapp';

export const whatsapp: Protocol = {
  name: 'whatsapp',
  detectTcp: isWhatsAppStart,
  create: (ctx, dir) => new WhatsAppHandler(ctx, dir),
};
