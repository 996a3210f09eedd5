export { hasWebBuild, WEB_DIST, type WebAppOptions, webApp } from "./web-app.ts";
