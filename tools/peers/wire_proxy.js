'use strict';
// Tiny recording TCP proxy for SMPP: listens on 127.0.0.1, forwards to 127.0.0.1:<target>,
// and records every PDU each side writes (split by command_length), in order.
//
// Library use:  const p = await startProxy(targetPort); ... p.records -> [{conn, dir, hex, t}]
// CLI use:      node wire_proxy.js --target-port P [--listen-port 0] [--timeout-s 30]
//               prints {"event":"listening","port":N} then one {"event":"pdu",...} line per PDU.
const net = require('net');
const { PduSplitter } = require('./smpp_wire');

function startProxy(targetPort, opts = {}) {
  const records = [];
  const onPdu = opts.onPdu || (() => {});
  let connNo = 0;
  const sockets = new Set();
  const server = net.createServer((client) => {
    const conn = ++connNo;
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client); sockets.add(upstream);
    const split = { c2s: new PduSplitter(), s2c: new PduSplitter() };
    const record = (dir, chunk) => {
      for (const pdu of split[dir].push(chunk)) {
        const r = { conn, dir, hex: pdu.toString('hex'), t: Date.now() };
        records.push(r);
        onPdu(r);
      }
    };
    client.on('data', (d) => { record('c2s', d); upstream.write(d); });
    upstream.on('data', (d) => { record('s2c', d); client.write(d); });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listenPort || 0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        records,
        close: () => new Promise((res) => { for (const s of sockets) s.destroy(); server.close(() => res()); }),
      });
    });
  });
}

module.exports = { startProxy };

if (require.main === module) {
  const args = process.argv.slice(2);
  const get = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
  const target = parseInt(get('--target-port'), 10);
  const timeoutS = parseFloat(get('--timeout-s', '30'));
  if (!target) { console.error('usage: node wire_proxy.js --target-port P [--listen-port 0] [--timeout-s 30]'); process.exit(64); }
  const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
  startProxy(target, { listenPort: parseInt(get('--listen-port', '0'), 10), onPdu: (r) => out({ event: 'pdu', ...r }) })
    .then((p) => {
      out({ event: 'listening', port: p.port });
      const stop = (ev, code) => { out({ event: ev }); p.close().then(() => process.exit(code)); setTimeout(() => process.exit(code), 500).unref(); };
      setTimeout(() => stop('timeout', 0), timeoutS * 1000).unref();
      process.on('SIGTERM', () => stop('stopped', 0));
      process.on('SIGINT', () => stop('stopped', 0));
      setInterval(() => {}, 1 << 30); // keep alive until timeout/signal
    })
    .catch((e) => { out({ event: 'error', message: String(e) }); process.exit(1); });
}
