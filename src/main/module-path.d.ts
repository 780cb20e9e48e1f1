// electron-vite bundles `import path from './file?modulePath'` as a separate entry and yields the
// path of the built file (declared here rather than through `electron-vite/node`, whose ImportMeta
// declarations clash with `vite/client`).
declare module '*?modulePath' {
  const path: string;
  export default path;
}
