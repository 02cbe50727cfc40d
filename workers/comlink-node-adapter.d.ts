// comlink ships the Node adapter as .mjs with its types in node-adapter.d.ts beside it.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
