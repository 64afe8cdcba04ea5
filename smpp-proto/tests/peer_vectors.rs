//! PDUs recorded from real peers nobody here wrote (node-smpp 0.5.1, python smpplib 2.2.4,
//! Kannel 1.4.5 and Perl Net::SMPP 1.19, see tools/peers/): decode each, check every field the
//! recording states, and re-encode. Re-encoding is byte-exact except where the peer deviates from
//! the majority form, which the test names (smpplib's and Net::SMPP's bodies on error responses).

use serde_json::{Map, Value, json};
use smpp_proto::*;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn s<const M: usize, const D: usize>(c: COctetString<'_, M, D>) -> Value {
    json!(c.to_str().unwrap())
}

fn t(f: TimeField) -> Value {
    json!(std::str::from_utf8(f.as_bytes()).unwrap())
}

/// Our decoded fields under the spec's names.
fn fields(pdu: &Pdu<'_>) -> Map<String, Value> {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    macro_rules! sm_fields {
        ($b:expr) => {{
            let b = $b;
            put("service_type", s(b.service_type));
            put("source_addr_ton", json!(b.source_addr_ton.0));
            put("source_addr_npi", json!(b.source_addr_npi.0));
            put("source_addr", s(b.source_addr));
            put("dest_addr_ton", json!(b.dest_addr_ton.0));
            put("dest_addr_npi", json!(b.dest_addr_npi.0));
            put("destination_addr", s(b.destination_addr));
            put("esm_class", json!(b.esm_class.0));
            put("protocol_id", json!(b.protocol_id));
            put("priority_flag", json!(b.priority_flag.0));
            put("schedule_delivery_time", t(b.schedule_delivery_time));
            put("validity_period", t(b.validity_period));
            put("registered_delivery", json!(b.registered_delivery.0));
            put("replace_if_present_flag", json!(b.replace_if_present_flag));
            put("data_coding", json!(b.data_coding.0));
            put("sm_default_msg_id", json!(b.sm_default_msg_id));
            put("sm_length", json!(b.short_message.len()));
            put("short_message_hex", json!(hex(b.short_message.as_bytes())));
        }};
    }
    match pdu {
        Pdu::BindTransmitter(b) | Pdu::BindReceiver(b) | Pdu::BindTransceiver(b) => {
            put("system_id", s(b.system_id));
            put("password", s(b.password));
            put("system_type", s(b.system_type));
            put("interface_version", json!(b.interface_version.0));
            put("addr_ton", json!(b.addr_ton.0));
            put("addr_npi", json!(b.addr_npi.0));
            put("address_range", s(b.address_range));
        }
        Pdu::BindTransmitterResp(b) | Pdu::BindReceiverResp(b) | Pdu::BindTransceiverResp(b) => {
            put("system_id", s(b.system_id));
        }
        Pdu::Outbind(b) => {
            put("system_id", s(b.system_id));
            put("password", s(b.password));
        }
        Pdu::SubmitSm(b) => sm_fields!(b),
        Pdu::DeliverSm(b) => sm_fields!(b),
        Pdu::SubmitSmResp(b) => put("message_id", s(b.message_id)),
        Pdu::DeliverSmResp(b) => put("message_id", s(b.message_id)),
        Pdu::DataSmResp(b) => put("message_id", s(b.message_id)),
        Pdu::BroadcastSmResp(b) => put("message_id", s(b.message_id)),
        Pdu::QueryBroadcastSmResp(b) => put("message_id", s(b.message_id)),
        Pdu::DataSm(b) => {
            put("service_type", s(b.service_type));
            put("source_addr_ton", json!(b.source_addr_ton.0));
            put("source_addr_npi", json!(b.source_addr_npi.0));
            put("source_addr", s(b.source_addr));
            put("dest_addr_ton", json!(b.dest_addr_ton.0));
            put("dest_addr_npi", json!(b.dest_addr_npi.0));
            put("destination_addr", s(b.destination_addr));
            put("esm_class", json!(b.esm_class.0));
            put("registered_delivery", json!(b.registered_delivery.0));
            put("data_coding", json!(b.data_coding.0));
        }
        Pdu::SubmitMulti(b) => {
            put("service_type", s(b.service_type));
            put("source_addr_ton", json!(b.source_addr_ton.0));
            put("source_addr_npi", json!(b.source_addr_npi.0));
            put("source_addr", s(b.source_addr));
            put("number_of_dests", json!(b.dest_addresses.len()));
            let dests: Vec<Value> = b
                .dest_addresses
                .iter()
                .map(|d| match d {
                    DestAddress::Sme { dest_addr_ton, dest_addr_npi, destination_addr } => json!({
                        "dest_flag": 1, "dest_addr_ton": dest_addr_ton.0, "dest_addr_npi": dest_addr_npi.0,
                        "destination_addr": s(destination_addr)
                    }),
                    DestAddress::DistributionList { dl_name } => json!({"dest_flag": 2, "dl_name": s(dl_name)}),
                })
                .collect();
            put("dest_addresses", Value::Array(dests));
            put("esm_class", json!(b.esm_class.0));
            put("protocol_id", json!(b.protocol_id));
            put("priority_flag", json!(b.priority_flag.0));
            put("schedule_delivery_time", t(b.schedule_delivery_time));
            put("validity_period", t(b.validity_period));
            put("registered_delivery", json!(b.registered_delivery.0));
            put("replace_if_present_flag", json!(b.replace_if_present_flag));
            put("data_coding", json!(b.data_coding.0));
            put("sm_default_msg_id", json!(b.sm_default_msg_id));
            put("sm_length", json!(b.short_message.len()));
            put("short_message_hex", json!(hex(b.short_message.as_bytes())));
        }
        Pdu::SubmitMultiResp(b) => {
            put("message_id", s(b.message_id));
            put("no_unsuccess", json!(b.unsuccess_smes.len()));
            let list: Vec<Value> = b
                .unsuccess_smes
                .iter()
                .map(|u| json!({
                    "dest_addr_ton": u.dest_addr_ton.0, "dest_addr_npi": u.dest_addr_npi.0,
                    "destination_addr": s(u.destination_addr), "error_status_code": u.error_status_code.0
                }))
                .collect();
            put("unsuccess_smes", Value::Array(list));
        }
        Pdu::QuerySm(b) => {
            put("message_id", s(b.message_id));
            put("source_addr_ton", json!(b.source_addr_ton.0));
            put("source_addr_npi", json!(b.source_addr_npi.0));
            put("source_addr", s(b.source_addr));
        }
        Pdu::QuerySmResp(b) => {
            put("message_id", s(b.message_id));
            put("final_date", t(b.final_date));
            put("message_state", json!(b.message_state.0));
            put("error_code", json!(b.error_code));
        }
        Pdu::CancelSm(b) => {
            put("service_type", s(b.service_type));
            put("message_id", s(b.message_id));
            put("source_addr_ton", json!(b.source_addr_ton.0));
            put("source_addr_npi", json!(b.source_addr_npi.0));
            put("source_addr", s(b.source_addr));
            put("dest_addr_ton", json!(b.dest_addr_ton.0));
            put("dest_addr_npi", json!(b.dest_addr_npi.0));
            put("destination_addr", s(b.destination_addr));
        }
        Pdu::ReplaceSm(b) => {
            put("message_id", s(b.message_id));
            put("source_addr_ton", json!(b.source_addr_ton.0));
            put("source_addr_npi", json!(b.source_addr_npi.0));
            put("source_addr", s(b.source_addr));
            put("schedule_delivery_time", t(b.schedule_delivery_time));
            put("validity_period", t(b.validity_period));
            put("registered_delivery", json!(b.registered_delivery.0));
            put("sm_default_msg_id", json!(b.sm_default_msg_id));
            put("sm_length", json!(b.short_message.len()));
            put("short_message_hex", json!(hex(b.short_message.as_bytes())));
        }
        Pdu::AlertNotification(b) => {
            put("source_addr_ton", json!(b.source_addr_ton.0));
            put("source_addr_npi", json!(b.source_addr_npi.0));
            put("source_addr", s(b.source_addr));
            put("esme_addr_ton", json!(b.esme_addr_ton.0));
            put("esme_addr_npi", json!(b.esme_addr_npi.0));
            put("esme_addr", s(b.esme_addr));
        }
        Pdu::BroadcastSm(b) => {
            put("service_type", s(b.service_type));
            put("source_addr_ton", json!(b.source_addr_ton.0));
            put("source_addr_npi", json!(b.source_addr_npi.0));
            put("source_addr", s(b.source_addr));
            put("message_id", s(b.message_id));
            put("priority_flag", json!(b.priority_flag.0));
            put("schedule_delivery_time", t(b.schedule_delivery_time));
            put("validity_period", t(b.validity_period));
            put("replace_if_present_flag", json!(b.replace_if_present_flag));
            put("data_coding", json!(b.data_coding.0));
            put("sm_default_msg_id", json!(b.sm_default_msg_id));
        }
        Pdu::QueryBroadcastSm(b) => {
            put("message_id", s(b.message_id));
            put("source_addr_ton", json!(b.source_addr_ton.0));
            put("source_addr_npi", json!(b.source_addr_npi.0));
            put("source_addr", s(b.source_addr));
        }
        Pdu::CancelBroadcastSm(b) => {
            put("service_type", s(b.service_type));
            put("message_id", s(b.message_id));
            put("source_addr_ton", json!(b.source_addr_ton.0));
            put("source_addr_npi", json!(b.source_addr_npi.0));
            put("source_addr", s(b.source_addr));
        }
        _ => {}
    }
    m
}

/// Recordings that break a length rule of the specification, and the status we answer with.
const REFUSED: &[(&str, CommandStatus)] = &[
    // node-smpp and Net::SMPP write over-long C-octet strings as given (a 22-octet system_id);
    // both generators use this name.
    (
        "bind_transmitter with over-long system_id and password (written as given)",
        CommandStatus::ESME_RINVSYSID,
    ),
    // smpplib counts the NUL beyond the 65-octet maximum of receipted_message_id.
    (
        "deliver_sm receipt with a 65-char receipted_message_id (TLV length 66)",
        CommandStatus::ESME_RINVTLVLEN,
    ),
    // smpplib writes network_error_code as a 4-octet integer; the TLV is 3 octets.
    (
        "data_sm_resp with delivery_failure_reason and network_error_code",
        CommandStatus::ESME_RINVTLVLEN,
    ),
];

fn check_file(name: &str, min: usize) {
    let path = format!("{}/tests/vectors/peers/{name}", env!("CARGO_MANIFEST_DIR"));
    let vectors: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(
        vectors.len() >= min,
        "{name}: only {} vectors",
        vectors.len()
    );
    let (mut exact, mut canonical, mut refused) = (0, 0, 0);
    for v in &vectors {
        let label = format!("{name}: {} ({})", v["name"], v["source"]);
        let bytes = unhex(v["hex"].as_str().unwrap());
        let decoded = Frame::decode(&bytes);
        if v.get("parse_error").is_some() {
            // The recording itself is corrupt (smpplib's TLV length counts characters, not
            // octets; Net::SMPP's sm_length wraps at 256): a strict decoder must refuse it,
            // naming the TLV area.
            let e = decoded.expect_err(&label);
            assert_eq!(
                e.command_status(),
                CommandStatus::ESME_RINVTLVSTREAM,
                "{label}: {e}"
            );
            continue;
        }
        if let Some((_, status)) = REFUSED.iter().find(|(n, _)| v["name"] == *n) {
            // The peer broke a length rule; a strict decoder refuses it with the right status.
            let e = decoded.expect_err(&label);
            assert_eq!(e.command_status(), *status, "{label}: {e}");
            refused += 1;
            continue;
        }
        let frame = decoded.unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(
            u64::from(frame.command_id().as_u32()),
            v["command_id"].as_u64().unwrap(),
            "{label}"
        );
        assert_eq!(
            u64::from(frame.command_status.0),
            v["command_status"].as_u64().unwrap(),
            "{label}"
        );
        assert_eq!(
            u64::from(frame.sequence_number),
            v["sequence_number"].as_u64().unwrap(),
            "{label}"
        );
        assert_eq!(
            frame.command_id().name(),
            v["command"].as_str().unwrap(),
            "{label}"
        );
        let ours = fields(&frame.pdu);
        for (k, want) in v["fields"].as_object().unwrap() {
            assert_eq!(ours.get(k), Some(want), "{label}: field {k}");
        }
        let tlvs: Vec<(u64, String)> = frame
            .pdu
            .tlvs()
            .iter()
            .map(|t| (u64::from(t.tag().0), hex(t.value())))
            .collect();
        let want: Vec<(u64, String)> = v["tlvs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["tag"].as_u64().unwrap(),
                    t["hex"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(tlvs, want, "{label}: TLVs");
        let again = frame.to_vec().unwrap();
        if again == bytes {
            exact += 1;
        } else {
            // Only smpplib's error responses that carry an empty body (a lone NUL and the
            // like) differ: we encode the majority form, header only (SMPP.md §2.2).
            assert!(
                !frame.command_status.is_ok(),
                "{label}: re-encoding differs"
            );
            assert_eq!(
                again.len(),
                16,
                "{label}: error response not encoded header-only"
            );
            assert_eq!(Frame::decode(&again).unwrap(), frame, "{label}");
            canonical += 1;
        }
    }
    assert!(exact > 0);
    assert_eq!(
        refused,
        REFUSED
            .iter()
            .filter(|(n, _)| vectors.iter().any(|v| v["name"] == *n))
            .count()
    );
    eprintln!("{name}: {exact} byte-exact, {canonical} re-encoded header-only, {refused} refused");
}

#[test]
fn node_smpp_vectors() {
    check_file("node_smpp.json", 100);
}

#[test]
fn smpplib_vectors() {
    check_file("smpplib.json", 60);
}

#[test]
fn kannel_vectors() {
    check_file("kannel.json", 25);
}

#[test]
fn net_smpp_vectors() {
    check_file("net_smpp.json", 80);
}
