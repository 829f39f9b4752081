// Builds the committed front-end assets from the pinned npm devDependencies.
//
//   npm ci && npm run build
//
// Output (commit it; running the app needs no Node):
//   static/govuk/govuk-frontend.min.css      Sass: frontend/scss/application.scss
//   static/wsoa/app.css                      Sass: frontend/scss/app.scss
//   static/govuk/govuk-frontend.min.js(.map) GOV.UK Frontend ES module bundle
//   static/govuk/assets/{images/,manifest.json}   (no fonts: we use Arial)
//   tests/browser/vendor/axe.min.js          for browser accessibility tests
//
// static/wsoa/init.js is hand-written and is not touched here.

import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nodeModules = join(root, "node_modules");
const govukDist = join(nodeModules, "govuk-frontend", "dist", "govuk");
const outDir = join(root, "static", "govuk");
const assetsUrl = "/static/govuk/assets/";

function log(path) {
  console.log(`  ${relative(root, path)}`);
}

// Start from a clean output folder so nothing stale is left behind.
rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, "assets"), { recursive: true });

// 1. CSS
function compileScss(source, target) {
  const result = sass.compile(join(root, "frontend", "scss", source), {
    loadPaths: [nodeModules],
    style: "compressed",
    sourceMap: false,
    charset: false,
  });
  const css = result.css.endsWith("\n") ? result.css : `${result.css}\n`;

  if (/GDS Transport|@font-face/.test(css)) {
    throw new Error(`${source}: CSS contains the GDS Transport font or an @font-face rule`);
  }
  const badUrls = [...css.matchAll(/url\(\s*["']?([^"')]+)/g)]
    .map((m) => m[1])
    .filter((u) => !u.startsWith(assetsUrl) && !u.startsWith("data:"));
  if (badUrls.length) {
    throw new Error(`${source}: CSS has url()s outside ${assetsUrl}: ${badUrls.join(", ")}`);
  }

  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, css);
  log(target);
}

compileScss("application.scss", join(outDir, "govuk-frontend.min.css"));
compileScss("app.scss", join(root, "static", "wsoa", "app.css"));

// 2. JavaScript (ES module bundle and its source map, which it references)
for (const name of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  copyFileSync(join(govukDist, name), join(outDir, name));
  log(join(outDir, name));
}

// 3. Images and web app manifest, but not the fonts
cpSync(join(govukDist, "assets", "images"), join(outDir, "assets", "images"), { recursive: true });
log(join(outDir, "assets", "images"));
copyFileSync(join(govukDist, "assets", "manifest.json"), join(outDir, "assets", "manifest.json"));
log(join(outDir, "assets", "manifest.json"));

// 4. axe-core for the browser tests
const axeOut = join(root, "tests", "browser", "vendor", "axe.min.js");
mkdirSync(dirname(axeOut), { recursive: true });
copyFileSync(join(nodeModules, "axe-core", "axe.min.js"), axeOut);
log(axeOut);

// Record what the output was built from.
const version = (pkg) => JSON.parse(readFileSync(join(nodeModules, pkg, "package.json"), "utf8")).version;
writeFileSync(
  join(outDir, "VERSION.txt"),
  `govuk-frontend ${version("govuk-frontend")}, sass ${version("sass")}\n` +
    "Built by `npm run build` from frontend/. Do not edit by hand.\n",
);
log(join(outDir, "VERSION.txt"));
