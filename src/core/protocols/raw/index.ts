/** What no protocol claims: TCP streams in bounded chunks, UDP datagrams, handed to the scanner. */
import type { Protocol } from '../../extract/handler';
import { RawHandler } from './raw';

export const raw: Protocol = {
  name: 'raw',
  create: (ctx) => new RawHandler(ctx),
};
