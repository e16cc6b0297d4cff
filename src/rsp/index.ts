export * from './bpp/index.js';
