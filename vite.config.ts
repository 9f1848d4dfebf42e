// `npx vite` and `npx vite build` serve and build notebooks/ through the engine's plugin, as
// `codesign-notebook dev` and `codesign-notebook build` do.
import { notebookViteConfig } from "./src/engine/vite/config.ts";

export default notebookViteConfig("notebooks");
