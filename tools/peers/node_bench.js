#!/usr/bin/env node
'use strict';
// Throughput peer for the loopback benchmark (smpp-tokio/examples/loopback_bench.rs).
//   node node_bench.js server --port 0            -> prints {"port":P}; answers binds and submit_sm
//   node node_bench.js client --port P --count N --window W
//        -> binds trx, keeps W submit_sm outstanding until N are answered, prints
//           {"count":N,"seconds":S,"rate":R,"maxrss_kb":K}
// Listens and connects on 127.0.0.1 only; exits after --timeout-s (default 120).
const smpp = require('smpp');

const args = process.argv.slice(2);
const mode = args[0];
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i > 0 ? args[i + 1] : dflt; };
const timeout = setTimeout(() => { console.error('node_bench: timeout'); process.exit(1); }, parseFloat(opt('timeout-s', '120')) * 1000);
timeout.unref();

if (mode === 'server') {
  let n = 0;
  const server = smpp.createServer((session) => {
    session.on('error', () => {});
    const bind = (pdu) => session.send(pdu.response({ system_id: 'NODEBENCH' }));
    session.on('bind_transceiver', bind);
    session.on('bind_transmitter', bind);
    session.on('submit_sm', (pdu) => { n += 1; session.send(pdu.response({ message_id: n.toString(16) })); });
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => { session.send(pdu.response()); session.close(); });
  });
  server.listen(parseInt(opt('port', '0'), 10), '127.0.0.1', () => {
    console.log(JSON.stringify({ port: server.address().port }));
  });
  const stop = () => { console.log(JSON.stringify({ maxrss_kb: process.resourceUsage().maxRSS, submits: n })); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else if (mode === 'client') {
  const count = parseInt(opt('count', '10000'), 10);
  const window = parseInt(opt('window', '10'), 10);
  const session = smpp.connect({ url: `smpp://127.0.0.1:${opt('port')}` });
  session.on('error', (e) => { console.error(String(e)); process.exit(1); });
  let sent = 0; let done = 0; let start = 0;
  const text = 'Your verification code is 123456. Thanks';
  const submit = () => {
    while (sent < count && sent - done < window) {
      sent += 1;
      session.submit_sm({ source_addr: 'SENDER', source_addr_ton: 5, destination_addr: '61481076483',
        dest_addr_ton: 1, dest_addr_npi: 1, short_message: text, user_message_reference: sent & 0xffff }, (pdu) => {
        if (pdu.command_status !== 0) { console.error(`status ${pdu.command_status}`); process.exit(1); }
        done += 1;
        if (done === count) {
          const seconds = (Number(process.hrtime.bigint()) - start) / 1e9;
          console.log(JSON.stringify({ count, seconds, rate: count / seconds, maxrss_kb: process.resourceUsage().maxRSS }));
          session.unbind(() => process.exit(0));
        } else {
          submit();
        }
      });
    }
  };
  session.bind_transceiver({ system_id: 'bench', password: 'secret' }, (pdu) => {
    if (pdu.command_status !== 0) { console.error('bind refused'); process.exit(2); }
    start = Number(process.hrtime.bigint());
    submit();
  });
} else {
  console.error('usage: node_bench.js server|client ...');
  process.exit(64);
}
