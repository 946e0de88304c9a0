// The factories' default logos: small line drawings as data URLs, so the console shows something
// without fetching an image from anywhere.
const svgLogo = (body: string) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#5d34f2" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`,
  )}`;

export const envelopeLogo = svgLogo('<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>');
export const phoneLogo = svgLogo('<rect x="7" y="2" width="10" height="20" rx="2"/><path d="M11 18h2"/>');
export const keyLogo = svgLogo('<circle cx="8" cy="14" r="4"/><path d="m11 11 9-9m-4 4 3 3m-5-1 2 2"/>');
