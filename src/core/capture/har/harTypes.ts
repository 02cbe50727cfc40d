/**
 * HAR 1.2 types from @types/har-format, as the file may really hold them: read from untrusted
 * JSON, so every field the spec requires may still be missing (the reader checks each), plus the
 * 1.3 proposal's `encoding: 'base64'` on postData for binary bodies.
 */
import type * as Har from 'har-format';

type Loose<T> = { [K in keyof T]?: T[K] };

export type Header = Har.Header;
export type Cookie = Har.Cookie;
export type PostData = Loose<Har.PostData> & { encoding?: string; text?: string };
export type Request = Loose<Omit<Har.Request, 'postData'>> & { method: string; url: string; postData?: PostData };
export type Content = Loose<Har.Content>;
export type Response = Loose<Omit<Har.Response, 'content'>> & { status: number; content?: Content };
export type Entry = Loose<Omit<Har.Entry, 'request' | 'response'>> & { request: Request; response?: Response };
