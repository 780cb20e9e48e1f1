import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

// src/renderer/index.html carries the app's strict Content-Security-Policy, so every build ships
// exactly the policy written there. The dev server, though, injects one inline module script (the
// React Fast Refresh preamble) that `script-src 'self'` forbids. Rather than loosening the policy
// in dev, this plugin allows those exact scripts by their SHA-256 hash: nothing else inline runs,
// and a dev page still fails loudly if code ever depends on something the policy blocks.

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;
const CSP_META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*script-src 'self')/;

export function allowDevInlineScriptsByHash(): Plugin {
  return {
    name: 'nn-workbench:csp-dev-hashes',
    apply: 'serve',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const hashes = [...html.matchAll(INLINE_SCRIPT)].map(
          ([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
        );
        if (hashes.length === 0) return html;
        if (!CSP_META.test(html)) throw new Error('index.html has no Content-Security-Policy meta tag with script-src');
        return html.replace(CSP_META, `$1 ${hashes.join(' ')}`);
      },
    },
  };
}
