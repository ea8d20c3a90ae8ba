// Lets the remark VS Code extension (unifiedjs.vscode-remark) validate incident frontmatter while
// typing, against the JSON Schema generated from the zod schemas (`npm run schemas`).
import remarkFrontmatter from 'remark-frontmatter';
import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema';

export default {
  plugins: [
    remarkFrontmatter,
    [
      remarkLintFrontmatterSchema,
      { schemas: { './schemas/incident.schema.json': ['./incidents/**/*.md'] } },
    ],
  ],
};
