/**
 * The parts of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) and the 1.3 proposal's
 * postData.encoding that the reader uses. Local because @types/har-format is not installed in
 * this repository; its names are kept so the package can replace these later.
 */
export interface Header {
  name: string;
  value: string;
}
export interface Cookie {
  name: string;
  value: string;
}
export interface PostData {
  mimeType?: string;
  text?: string;
  /** HAR 1.3 proposal: 'base64' when text is base64 of the bytes sent. */
  encoding?: string;
  params?: { name: string; value?: string }[];
}
export interface Request {
  method: string;
  url: string;
  httpVersion?: string;
  headers?: Header[];
  cookies?: Cookie[];
  postData?: PostData;
}
export interface Content {
  size?: number;
  mimeType?: string;
  text?: string;
  encoding?: string;
}
export interface Response {
  status: number;
  headers?: Header[];
  cookies?: Cookie[];
  content?: Content;
}
export interface Entry {
  startedDateTime?: string;
  request: Request;
  response?: Response;
  serverIPAddress?: string;
  connection?: string;
}
