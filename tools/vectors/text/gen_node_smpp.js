#!/usr/bin/env node
// Records node-smpp's text encodings as test vectors for smpp-proto.
// Usage: npm ci && node gen_node_smpp.js   (writes ../../../smpp-proto/tests/vectors/text/node_smpp.json)
'use strict';
const fs = require('fs');
const path = require('path');
const smpp = require('smpp');

const version = require('smpp/package.json').version;
const hex = (b) => Buffer.from(b).toString('hex');

const texts = [
  'Hello, world!',
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?',
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  '\f^{}\\[~]|€',
  'Price: 5€ [promo] {code} ~50% off | ^_^',
  'ça va? Garçon',
  'Zażółć gęślą jaźń',
  'Ελληνικά και English',
  'Emoji 😀👍🏽 and text',
  'naïve café résumé',
  '中文短信测试',
  'check ✓ mark',
  '',
];

const encodings = [];
for (const text of texts) {
  const detect = smpp.encodings.detect(text);
  for (const name of ['ASCII', 'LATIN1', 'UCS2']) {
    const enc = smpp.encodings[name];
    const matches = enc.match(text);
    if (name === 'LATIN1' && !matches) continue;
    const bytes = enc.encode(text);
    encodings.push({
      encoding: name,
      text,
      matches,
      detect,
      hex: hex(bytes),
      decoded: enc.decode(bytes),
    });
  }
}

// gsmCoder with national tables: 1 Turkish, 2 Spanish, 3 Portuguese.
const nationalTexts = {
  1: ['Günaydın, nasılsınız? Şişli’de çay içelim.'.replace('’', "'"), 'ĞİŞçğış€', 'İstanbul {ı} [ş] ~ğ~ \\ ^ |', '@£$¥€éùıòÇ\nĞğ\rÅåΔ_ΦΓΛΩΠΨΣΘΞŞşßÉ'],
  2: ['¿Qué tal? Año, niño, acción, está.', 'ÁÍÓÚáíóúç€', 'Ç ç {} [] ~ | ^ \\'],
  3: ['Olá, você está bem? Ação, coração, pão.', 'êçÔôÁáªÇÀ∞^\\€Ó|ÂâÊÉ ºÍÃÕÚÜ§~ãõ`üà', 'ΦΓΩΠΨΣΘ {x} [y]', 'Ç ç ^ \\ | ~'],
};
const national = [];
for (const [id, list] of Object.entries(nationalTexts)) {
  for (const text of list) {
    const bytes = smpp.gsmCoder.encode(text, Number(id));
    national.push({ id: Number(id), text, hex: hex(bytes), decoded: smpp.gsmCoder.decode(bytes, Number(id)) });
  }
}

// The message filter: what data_coding node-smpp puts on the PDU for a plain string, and
// what it does with a national-language UDH.
const filter = [];
for (const [text, udh] of [
  ['Hello @ $ _ world', null],
  ['naïve café', null],
  ['Emoji 😀', null],
  ['Günaydın ış', [0x03, 0x24, 0x01, 0x01]],
  ['Günaydın ış', [0x03, 0x25, 0x01, 0x01]],
]) {
  const pdu = { data_coding: null, esm_class: 0 };
  const value = udh ? { message: text, udh: Buffer.from(udh) } : text;
  const out = smpp.filters.message.encode.call(pdu, value);
  filter.push({ text, udh: udh ? hex(udh) : null, data_coding: pdu.data_coding, esm_class: pdu.esm_class, hex: hex(out) });
}

const doc = {
  source: `node-smpp ${version} (npm "smpp"): lib/defs.js encodings, gsmCoder and filters.message`,
  generator: 'tools/vectors/text/gen_node_smpp.js',
  encodings,
  national,
  filter,
};
const dest = path.join(__dirname, '..', '..', '..', 'smpp-proto', 'tests', 'vectors', 'text', 'node_smpp.json');
fs.writeFileSync(dest, JSON.stringify(doc, null, 1) + '\n');
console.log('wrote', dest, encodings.length, national.length, filter.length);
