/// <reference types="astro/client" />
import 'astro/astro-jsx';

// Astro types JSX elements as `any` to support several JSX runtimes, which typed lint rules
// (no-unsafe-return) report in every `.map()` of a template; eslint-plugin-astro's docs
// recommend declaring the element type.
declare global {
  namespace JSX {
    type Element = HTMLElement;
  }
}
