// Written by Statusmark (`statusmark upgrade` keeps it current). Lets the remark VS Code
// extension (unifiedjs.vscode-remark) check incident frontmatter while you type, against the
// JSON Schema the installed Statusmark ships.
import remarkFrontmatter from 'remark-frontmatter';
import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema';

export default {
  plugins: [
    remarkFrontmatter,
    [
      remarkLintFrontmatterSchema,
      {
        schemas: {
          './node_modules/statusmark/schemas/incident.schema.json': ['./incidents/**/*.md'],
        },
      },
    ],
  ],
};
