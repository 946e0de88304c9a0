// The gateway's CSP allows no inline style, except <style> elements carrying this page's nonce,
// which it writes on <meta property="csp-nonce">. The scroll lock behind Radix's dialogs
// (react-remove-scroll) injects one such element, with rules computed at run time, and takes its
// nonce from get-nonce: hand it over before anything renders.
import { setNonce } from 'get-nonce';

const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
// Under Vite's dev server the placeholder stays as written; the dev CSP restricts no styles.
if (nonce && nonce !== 'CSP_STYLE_NONCE') setNonce(nonce);
