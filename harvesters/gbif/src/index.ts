export { normaliseEml } from './eml/normalise.js';
export { parseEml, type EmlDocument } from './eml/parse.js';
export { decodeXmlBytes } from './xml/decode.js';
