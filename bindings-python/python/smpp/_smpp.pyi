# Hand-maintained stubs for the extension module (PDU classes listed by tools/gen_stubs.py).
from typing import Any, Iterator, Mapping, Sequence, Union, final

from typing_extensions import Self, TypeAlias, disjoint_base

__version__: str

_TlvKey: TypeAlias = Union[int, str]
_TlvValue: TypeAlias = Union[bytes, bytearray, int, str, tuple[int, int]]
_Tlvs: TypeAlias = Union[Mapping[_TlvKey, _TlvValue], Sequence[tuple[_TlvKey, _TlvValue]], None]

@disjoint_base
class Pdu:
    """Base class of every PDU: frozen; holds its own encoded octets."""

    def __new__(cls, *_args: Any, **_kwargs: Any) -> Self: ...
    @property
    def command_id(self) -> int: ...
    @property
    def command_status(self) -> int: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def command_name(self) -> str: ...
    @property
    def command_length(self) -> int: ...
    @property
    def is_response(self) -> bool: ...
    def __bytes__(self) -> bytes: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def replace(self, **changes: Any) -> Self: ...
    def response(self, **fields: Any) -> Pdu: ...
    @property
    def tlvs(self) -> list[tuple[int, bytes]]: ...
    def tlv(self, tag: int) -> bytes | None: ...
    def tlv_all(self, tag: int) -> list[bytes]: ...
    @property
    def message(self) -> bytes: ...
    @property
    def message_payload(self) -> bytes | None: ...
    @property
    def receipted_message_id(self) -> str | None: ...
    @property
    def message_state(self) -> int | None: ...
    @property
    def network_error_code(self) -> tuple[int, int] | None: ...
    @property
    def sar_msg_ref_num(self) -> int | None: ...
    @property
    def sar_total_segments(self) -> int | None: ...
    @property
    def sar_segment_seqnum(self) -> int | None: ...
    @property
    def user_message_reference(self) -> int | None: ...
    @property
    def source_port(self) -> int | None: ...
    @property
    def destination_port(self) -> int | None: ...
    @property
    def sc_interface_version(self) -> int | None: ...
    @property
    def congestion_state(self) -> int | None: ...
    @property
    def additional_status_info_text(self) -> str | None: ...
    @property
    def delivery_failure_reason(self) -> int | None: ...
    @property
    def payload_type(self) -> int | None: ...
    @property
    def language_indicator(self) -> int | None: ...
    @property
    def callback_num(self) -> tuple[int, int, int, str] | None: ...

@final
class AlertNotification(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        esme_addr_ton: int | None = ...,
        esme_addr_npi: int | None = ...,
        esme_addr: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> AlertNotification: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...
    @property
    def esme_addr_ton(self) -> int: ...
    @property
    def esme_addr_npi(self) -> int: ...
    @property
    def esme_addr(self) -> str: ...

@final
class BindReceiver(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        system_id: str | bytes | None = ...,
        password: str | bytes | None = ...,
        system_type: str | bytes | None = ...,
        interface_version: int | None = ...,
        addr_ton: int | None = ...,
        addr_npi: int | None = ...,
        address_range: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> BindReceiver: ...
    @property
    def system_id(self) -> str: ...
    @property
    def password(self) -> str: ...
    @property
    def system_type(self) -> str: ...
    @property
    def interface_version(self) -> int: ...
    @property
    def addr_ton(self) -> int: ...
    @property
    def addr_npi(self) -> int: ...
    @property
    def address_range(self) -> str: ...

@final
class BindReceiverResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        system_id: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> BindReceiverResp: ...
    @property
    def system_id(self) -> str: ...

@final
class BindTransceiver(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        system_id: str | bytes | None = ...,
        password: str | bytes | None = ...,
        system_type: str | bytes | None = ...,
        interface_version: int | None = ...,
        addr_ton: int | None = ...,
        addr_npi: int | None = ...,
        address_range: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> BindTransceiver: ...
    @property
    def system_id(self) -> str: ...
    @property
    def password(self) -> str: ...
    @property
    def system_type(self) -> str: ...
    @property
    def interface_version(self) -> int: ...
    @property
    def addr_ton(self) -> int: ...
    @property
    def addr_npi(self) -> int: ...
    @property
    def address_range(self) -> str: ...

@final
class BindTransceiverResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        system_id: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> BindTransceiverResp: ...
    @property
    def system_id(self) -> str: ...

@final
class BindTransmitter(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        system_id: str | bytes | None = ...,
        password: str | bytes | None = ...,
        system_type: str | bytes | None = ...,
        interface_version: int | None = ...,
        addr_ton: int | None = ...,
        addr_npi: int | None = ...,
        address_range: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> BindTransmitter: ...
    @property
    def system_id(self) -> str: ...
    @property
    def password(self) -> str: ...
    @property
    def system_type(self) -> str: ...
    @property
    def interface_version(self) -> int: ...
    @property
    def addr_ton(self) -> int: ...
    @property
    def addr_npi(self) -> int: ...
    @property
    def address_range(self) -> str: ...

@final
class BindTransmitterResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        system_id: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> BindTransmitterResp: ...
    @property
    def system_id(self) -> str: ...

@final
class BroadcastSm(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        service_type: str | bytes | None = ...,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        message_id: str | bytes | None = ...,
        priority_flag: int | None = ...,
        schedule_delivery_time: str | bytes | None = ...,
        validity_period: str | bytes | None = ...,
        replace_if_present_flag: int | None = ...,
        data_coding: int | None = ...,
        sm_default_msg_id: int | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> BroadcastSm: ...
    @property
    def service_type(self) -> str: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...
    @property
    def message_id(self) -> str: ...
    @property
    def priority_flag(self) -> int: ...
    @property
    def schedule_delivery_time(self) -> str: ...
    @property
    def validity_period(self) -> str: ...
    @property
    def replace_if_present_flag(self) -> int: ...
    @property
    def data_coding(self) -> int: ...
    @property
    def sm_default_msg_id(self) -> int: ...

@final
class BroadcastSmResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        message_id: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> BroadcastSmResp: ...
    @property
    def message_id(self) -> str: ...

@final
class CancelBroadcastSm(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        service_type: str | bytes | None = ...,
        message_id: str | bytes | None = ...,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> CancelBroadcastSm: ...
    @property
    def service_type(self) -> str: ...
    @property
    def message_id(self) -> str: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...

@final
class CancelBroadcastSmResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> CancelBroadcastSmResp: ...

@final
class CancelSm(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        service_type: str | bytes | None = ...,
        message_id: str | bytes | None = ...,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        dest_addr_ton: int | None = ...,
        dest_addr_npi: int | None = ...,
        destination_addr: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> CancelSm: ...
    @property
    def service_type(self) -> str: ...
    @property
    def message_id(self) -> str: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...
    @property
    def dest_addr_ton(self) -> int: ...
    @property
    def dest_addr_npi(self) -> int: ...
    @property
    def destination_addr(self) -> str: ...

@final
class CancelSmResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> CancelSmResp: ...

@final
class DataSm(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        service_type: str | bytes | None = ...,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        dest_addr_ton: int | None = ...,
        dest_addr_npi: int | None = ...,
        destination_addr: str | bytes | None = ...,
        esm_class: int | None = ...,
        registered_delivery: int | None = ...,
        data_coding: int | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> DataSm: ...
    @property
    def service_type(self) -> str: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...
    @property
    def dest_addr_ton(self) -> int: ...
    @property
    def dest_addr_npi(self) -> int: ...
    @property
    def destination_addr(self) -> str: ...
    @property
    def esm_class(self) -> int: ...
    @property
    def registered_delivery(self) -> int: ...
    @property
    def data_coding(self) -> int: ...

@final
class DataSmResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        message_id: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> DataSmResp: ...
    @property
    def message_id(self) -> str: ...

@final
class DeliverSm(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        service_type: str | bytes | None = ...,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        dest_addr_ton: int | None = ...,
        dest_addr_npi: int | None = ...,
        destination_addr: str | bytes | None = ...,
        esm_class: int | None = ...,
        protocol_id: int | None = ...,
        priority_flag: int | None = ...,
        schedule_delivery_time: str | bytes | None = ...,
        validity_period: str | bytes | None = ...,
        registered_delivery: int | None = ...,
        replace_if_present_flag: int | None = ...,
        data_coding: int | None = ...,
        sm_default_msg_id: int | None = ...,
        short_message: bytes | bytearray | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> DeliverSm: ...
    @property
    def service_type(self) -> str: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...
    @property
    def dest_addr_ton(self) -> int: ...
    @property
    def dest_addr_npi(self) -> int: ...
    @property
    def destination_addr(self) -> str: ...
    @property
    def esm_class(self) -> int: ...
    @property
    def protocol_id(self) -> int: ...
    @property
    def priority_flag(self) -> int: ...
    @property
    def schedule_delivery_time(self) -> str: ...
    @property
    def validity_period(self) -> str: ...
    @property
    def registered_delivery(self) -> int: ...
    @property
    def replace_if_present_flag(self) -> int: ...
    @property
    def data_coding(self) -> int: ...
    @property
    def sm_default_msg_id(self) -> int: ...
    @property
    def short_message(self) -> bytes: ...

@final
class DeliverSmResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        message_id: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> DeliverSmResp: ...
    @property
    def message_id(self) -> str: ...

@final
class EnquireLink(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> EnquireLink: ...

@final
class EnquireLinkResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> EnquireLinkResp: ...

@final
class GenericNack(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> GenericNack: ...

@final
class Outbind(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        system_id: str | bytes | None = ...,
        password: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> Outbind: ...
    @property
    def system_id(self) -> str: ...
    @property
    def password(self) -> str: ...

@final
class QueryBroadcastSm(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        message_id: str | bytes | None = ...,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> QueryBroadcastSm: ...
    @property
    def message_id(self) -> str: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...

@final
class QueryBroadcastSmResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        message_id: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> QueryBroadcastSmResp: ...
    @property
    def message_id(self) -> str: ...

@final
class QuerySm(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        message_id: str | bytes | None = ...,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> QuerySm: ...
    @property
    def message_id(self) -> str: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...

@final
class QuerySmResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        message_id: str | bytes | None = ...,
        final_date: str | bytes | None = ...,
        message_state: int | None = ...,
        error_code: int | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> QuerySmResp: ...
    @property
    def message_id(self) -> str: ...
    @property
    def final_date(self) -> str: ...
    @property
    def message_state(self) -> int: ...
    @property
    def error_code(self) -> int: ...

@final
class ReplaceSm(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        message_id: str | bytes | None = ...,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        schedule_delivery_time: str | bytes | None = ...,
        validity_period: str | bytes | None = ...,
        registered_delivery: int | None = ...,
        sm_default_msg_id: int | None = ...,
        short_message: bytes | bytearray | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> ReplaceSm: ...
    @property
    def message_id(self) -> str: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...
    @property
    def schedule_delivery_time(self) -> str: ...
    @property
    def validity_period(self) -> str: ...
    @property
    def registered_delivery(self) -> int: ...
    @property
    def sm_default_msg_id(self) -> int: ...
    @property
    def short_message(self) -> bytes: ...

@final
class ReplaceSmResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> ReplaceSmResp: ...

@final
class SubmitMulti(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        service_type: str | bytes | None = ...,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        dest_addresses: list[tuple[int, int, str | bytes] | str] | None = ...,
        esm_class: int | None = ...,
        protocol_id: int | None = ...,
        priority_flag: int | None = ...,
        schedule_delivery_time: str | bytes | None = ...,
        validity_period: str | bytes | None = ...,
        registered_delivery: int | None = ...,
        replace_if_present_flag: int | None = ...,
        data_coding: int | None = ...,
        sm_default_msg_id: int | None = ...,
        short_message: bytes | bytearray | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> SubmitMulti: ...
    @property
    def service_type(self) -> str: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...
    @property
    def dest_addresses(self) -> list[tuple[int, int, str] | str]: ...
    @property
    def esm_class(self) -> int: ...
    @property
    def protocol_id(self) -> int: ...
    @property
    def priority_flag(self) -> int: ...
    @property
    def schedule_delivery_time(self) -> str: ...
    @property
    def validity_period(self) -> str: ...
    @property
    def registered_delivery(self) -> int: ...
    @property
    def replace_if_present_flag(self) -> int: ...
    @property
    def data_coding(self) -> int: ...
    @property
    def sm_default_msg_id(self) -> int: ...
    @property
    def short_message(self) -> bytes: ...

@final
class SubmitMultiResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        message_id: str | bytes | None = ...,
        unsuccess_smes: list[tuple[int, int, str | bytes, int]] | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> SubmitMultiResp: ...
    @property
    def message_id(self) -> str: ...
    @property
    def unsuccess_smes(self) -> list[tuple[int, int, str, int]]: ...

@final
class SubmitSm(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        service_type: str | bytes | None = ...,
        source_addr_ton: int | None = ...,
        source_addr_npi: int | None = ...,
        source_addr: str | bytes | None = ...,
        dest_addr_ton: int | None = ...,
        dest_addr_npi: int | None = ...,
        destination_addr: str | bytes | None = ...,
        esm_class: int | None = ...,
        protocol_id: int | None = ...,
        priority_flag: int | None = ...,
        schedule_delivery_time: str | bytes | None = ...,
        validity_period: str | bytes | None = ...,
        registered_delivery: int | None = ...,
        replace_if_present_flag: int | None = ...,
        data_coding: int | None = ...,
        sm_default_msg_id: int | None = ...,
        short_message: bytes | bytearray | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> SubmitSm: ...
    @property
    def service_type(self) -> str: ...
    @property
    def source_addr_ton(self) -> int: ...
    @property
    def source_addr_npi(self) -> int: ...
    @property
    def source_addr(self) -> str: ...
    @property
    def dest_addr_ton(self) -> int: ...
    @property
    def dest_addr_npi(self) -> int: ...
    @property
    def destination_addr(self) -> str: ...
    @property
    def esm_class(self) -> int: ...
    @property
    def protocol_id(self) -> int: ...
    @property
    def priority_flag(self) -> int: ...
    @property
    def schedule_delivery_time(self) -> str: ...
    @property
    def validity_period(self) -> str: ...
    @property
    def registered_delivery(self) -> int: ...
    @property
    def replace_if_present_flag(self) -> int: ...
    @property
    def data_coding(self) -> int: ...
    @property
    def sm_default_msg_id(self) -> int: ...
    @property
    def short_message(self) -> bytes: ...

@final
class SubmitSmResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        message_id: str | bytes | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> SubmitSmResp: ...
    @property
    def message_id(self) -> str: ...

@final
class Unbind(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> Unbind: ...

@final
class UnbindResp(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> UnbindResp: ...


@final
class UnknownPdu(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        command_id: int,
        body: bytes | bytearray | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> UnknownPdu: ...
    @property
    def body(self) -> bytes: ...

def decode(data: bytes | bytearray | memoryview) -> Pdu: ...
def encode(pdu: Pdu, sequence_number: int | None = None) -> bytes: ...
def split_frames(buf: bytes | bytearray | memoryview, max_command_length: int = ...) -> tuple[list[bytes], bytes]: ...
def frame_length(buf: bytes | bytearray | memoryview, max_command_length: int = ...) -> int | None: ...

@final
class Framer:
    def __new__(cls, max_command_length: int = ...) -> Framer: ...
    def feed(self, data: bytes | bytearray | memoryview) -> Framer: ...
    @property
    def buffered(self) -> int: ...
    def __iter__(self) -> Iterator[Pdu]: ...
    def __next__(self) -> Pdu: ...

# ---- session events ----

@final
class BindRequest:
    __match_args__ = ("sequence_number", "kind", "system_id", "password", "pdu")
    def __new__(cls, sequence_number: int, kind: str, system_id: str, password: str, pdu: Any) -> BindRequest: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def system_id(self) -> str: ...
    @property
    def password(self) -> str: ...
    @property
    def pdu(self) -> Any: ...

@final
class Bound:
    __match_args__ = ("sequence_number", "kind", "peer_system_id", "interface_version")
    def __new__(cls, sequence_number: int, kind: str, peer_system_id: str, interface_version: int | None) -> Bound: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def peer_system_id(self) -> str: ...
    @property
    def interface_version(self) -> int | None: ...

@final
class BindRefused:
    __match_args__ = ("sequence_number", "command_status")
    def __new__(cls, sequence_number: int, command_status: int) -> BindRefused: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def command_status(self) -> int: ...

@final
class OutbindReceived:
    __match_args__ = ("system_id", "password")
    def __new__(cls, system_id: str, password: str) -> OutbindReceived: ...
    @property
    def system_id(self) -> str: ...
    @property
    def password(self) -> str: ...

@final
class Request:
    __match_args__ = ("sequence_number", "pdu")
    def __new__(cls, sequence_number: int, pdu: Any) -> Request: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def pdu(self) -> Any: ...

@final
class Response:
    __match_args__ = ("sequence_number", "request", "command_status", "pdu")
    def __new__(cls, sequence_number: int, request: int, command_status: int, pdu: Any) -> Response: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def request(self) -> int: ...
    @property
    def command_status(self) -> int: ...
    @property
    def pdu(self) -> Any: ...

@final
class ResponseTimeout:
    __match_args__ = ("sequence_number", "request")
    def __new__(cls, sequence_number: int, request: int) -> ResponseTimeout: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def request(self) -> int: ...

@final
class CanSend:
    __match_args__ = ()
    def __new__(cls) -> CanSend: ...

@final
class PeerViolation:
    __match_args__ = ("kind", "message", "command_status", "answered_with", "field", "offset", "command_id", "sequence_number")
    def __new__(
        cls,
        kind: str,
        message: str,
        command_status: int,
        answered_with: int | None,
        field: str | None,
        offset: int | None,
        command_id: int | None,
        sequence_number: int | None,
    ) -> PeerViolation: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def command_status(self) -> int: ...
    @property
    def answered_with(self) -> int | None: ...
    @property
    def field(self) -> str | None: ...
    @property
    def offset(self) -> int | None: ...
    @property
    def command_id(self) -> int | None: ...
    @property
    def sequence_number(self) -> int | None: ...

@final
class Unbound:
    __match_args__ = ()
    def __new__(cls) -> Unbound: ...

@final
class Closed:
    __match_args__ = ("reason", "message", "pending")
    def __new__(cls, reason: str, message: str, pending: list[tuple[int, int]]) -> Closed: ...
    @property
    def reason(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def pending(self) -> list[tuple[int, int]]: ...

_Event: TypeAlias = Union[
    BindRequest, Bound, BindRefused, OutbindReceived, Request, Response, ResponseTimeout, CanSend,
    PeerViolation, Unbound, Closed,
]

# ---- the sans-IO session ----

@final
class Session:
    def __new__(
        cls,
        role: str,
        *,
        now: float,
        window: int = 10,
        response_timeout: float = 30.0,
        enquire_link_interval: float | None = ...,
        inactivity_timeout: float | None = None,
        session_init_timeout: float | None = ...,
        send_rate: int | None = None,
        send_burst: int | None = None,
        interface_version: int = 0x34,
        max_command_length: int = ...,
        first_sequence_number: int = 1,
    ) -> Session: ...
    def receive_data(self, data: bytes | bytearray | memoryview, now: float) -> None: ...
    def receive_eof(self, now: float) -> None: ...
    def handle_timeout(self, now: float) -> None: ...
    def next_event(self) -> _Event | None: ...
    def events(self) -> list[_Event]: ...
    def data_to_send(self) -> bytes: ...
    def next_deadline(self) -> float | None: ...
    def bind(
        self,
        kind: str = "trx",
        *,
        system_id: str | bytes,
        password: str | bytes,
        now: float,
        system_type: str | bytes | None = None,
        interface_version: int | None = None,
        addr_ton: int = 0,
        addr_npi: int = 0,
        address_range: str | bytes | None = None,
    ) -> int: ...
    def send(self, pdu: Pdu, *, now: float) -> int: ...
    def submit_sm(self, *, now: float, **fields: Any) -> int: ...
    def deliver_sm(self, *, now: float, **fields: Any) -> int: ...
    def data_sm(self, *, now: float, **fields: Any) -> int: ...
    def respond(self, sequence_number: int, status: int | None = None, pdu: Pdu | None = None, *, now: float) -> None: ...
    def accept_bind(self, sequence_number: int, system_id: str = "SMSC", *, now: float) -> None: ...
    def reject_bind(self, sequence_number: int, status: int = 0x0D, *, now: float) -> None: ...
    def outbind(self, *, system_id: str | bytes, password: str | bytes | None = None, now: float) -> None: ...
    def enquire_link(self, *, now: float) -> int: ...
    def unbind(self, *, now: float) -> int: ...
    def abort(self, *, now: float) -> None: ...
    @property
    def role(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def bound_kind(self) -> str | None: ...
    @property
    def in_flight(self) -> int: ...
    @property
    def window(self) -> int: ...
    @property
    def can_send(self) -> bool: ...
    @property
    def is_closed(self) -> bool: ...
    @property
    def stats(self) -> dict[str, int]: ...

# ---- text, receipts, reassembly (wrapped by smpp.text / smpp.receipt) ----

_DateTuple: TypeAlias = tuple[int, int, int, int, int, int, int]
_ReceiptTuple: TypeAlias = tuple[
    str, int | None, int | None, _DateTuple | None, _DateTuple | None, str | None, int | None,
    int | str | None, bytes | None,
]

def encode_text(
    text: str,
    encoding: str | int | None = None,
    *,
    errors: str = "strict",
    default_alphabet: str = "gsm7",
    single_shift: str | None = None,
    locking_shift: str | None = None,
) -> bytes: ...
def decode_text(
    data: bytes | bytearray | memoryview,
    data_coding: str | int | None = None,
    *,
    errors: str = "strict",
    default_alphabet: str = "gsm7",
    single_shift: str | None = None,
    locking_shift: str | None = None,
) -> str: ...
def choose_encoding(
    text: str,
    *,
    latin1: bool = False,
    national: list[str] = ...,
    locking_shift: bool = False,
    default_alphabet: str = "gsm7",
    method: str = "udh8",
) -> tuple[str, int, str | None, str | None]: ...
def count_text(
    text: str,
    encoding: str | int,
    method: str = "udh8",
    *,
    single_shift: str | None = None,
    locking_shift: str | None = None,
    default_alphabet: str = "gsm7",
    ports: tuple[int, int] | None = None,
    port_bits: int = 16,
) -> tuple[str, int, int, int, int, int, int]: ...
def data_coding_for(encoding: str | int, default_alphabet: str = "gsm7") -> int: ...
def split_text(
    text: str,
    encoding: str | int,
    method: str = "udh8",
    *,
    reference: int = 0,
    packed: bool = False,
    errors: str = "strict",
    single_shift: str | None = None,
    locking_shift: str | None = None,
    default_alphabet: str = "gsm7",
    ports: tuple[int, int] | None = None,
    port_bits: int = 16,
) -> list[tuple[bytes, int, tuple[int, int, int] | None, int]]: ...
def message_text(
    pdu: Pdu, *, errors: str = "replace", default_alphabet: str = "gsm7"
) -> tuple[str | None, bytes, tuple[int, int, int, str] | None, tuple[int, int] | None]: ...
def parse_receipt_text(data: bytes | bytearray | str) -> _ReceiptTuple: ...
def pdu_receipt(
    pdu: Pdu,
) -> tuple[str, int | None, tuple[int, int] | None, str | None, _ReceiptTuple | None] | None: ...
def format_receipt(
    id: str,
    *,
    sub: int | None = None,
    dlvrd: int | None = None,
    submit_date: _DateTuple | None = None,
    done_date: _DateTuple | None = None,
    stat: str | None = None,
    err: int | str | None = None,
    text: bytes | str | None = None,
) -> bytes: ...
def ids_match(submit_resp_id: str, receipt_id: str) -> bool: ...
def stat_message_state(stat: str) -> int | None: ...
def message_state_stat(state: int) -> str | None: ...

_Incomplete: TypeAlias = tuple[str, bytes, int, int, list[tuple[int, bytes]]]

@final
class Reassembler:
    def __new__(
        cls,
        *,
        max_messages: int = 256,
        max_parts: int = 255,
        max_buffered_bytes: int = 262144,
        timeout: float = 300.0,
    ) -> Reassembler: ...
    def push(
        self,
        key: bytes,
        reference: int,
        total: int,
        seqnum: int,
        data: bytes,
        now: float,
    ) -> tuple[str, bytes | None, list[_Incomplete]]: ...
    def expired(self, now: float) -> list[_Incomplete]: ...
    def next_deadline(self) -> float | None: ...
    def __len__(self) -> int: ...
    @property
    def buffered_bytes(self) -> int: ...

def _command_statuses() -> list[tuple[str, int, str]]: ...
def _command_ids() -> list[tuple[str, int]]: ...
def _tlv_tags() -> list[tuple[str, int, int, int]]: ...
