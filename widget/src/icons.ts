/** Inline SVG icons (no requests to anyone); all decorative, so hidden from assistive technology. */
const svg = (body: string) =>
  `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const chatIcon = svg('<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"/>');
export const closeIcon = svg('<path d="M6 6l12 12M18 6L6 18"/>');
export const sendIcon = svg('<path d="M4 12l16-8-6 16-2.5-6.5L4 12z"/>');
