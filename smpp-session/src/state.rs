//! Session states and which PDUs each role may send or receive in each (SMPP.md §3).

use smpp_proto::CommandId;

/// Which side of the protocol this session plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The application side (client): binds, submits, receives deliveries.
    Esme,
    /// The SMS centre side (server): accepts binds, answers submits, delivers.
    Smsc,
}

/// The three kinds of bind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BindKind {
    /// bind_transmitter: the ESME sends only.
    Transmitter,
    /// bind_receiver: the ESME receives only.
    Receiver,
    /// bind_transceiver: both.
    Transceiver,
}

impl BindKind {
    /// The bind request's command_id.
    pub const fn command_id(self) -> CommandId {
        match self {
            Self::Transmitter => CommandId::BindTransmitter,
            Self::Receiver => CommandId::BindReceiver,
            Self::Transceiver => CommandId::BindTransceiver,
        }
    }

    /// The kind of a bind request or response id.
    pub const fn from_command_id(id: CommandId) -> Option<Self> {
        match id {
            CommandId::BindTransmitter | CommandId::BindTransmitterResp => Some(Self::Transmitter),
            CommandId::BindReceiver | CommandId::BindReceiverResp => Some(Self::Receiver),
            CommandId::BindTransceiver | CommandId::BindTransceiverResp => Some(Self::Transceiver),
            _ => None,
        }
    }

    /// True when the ESME may send (submit_sm ...) in this bind.
    pub const fn can_transmit(self) -> bool {
        matches!(self, Self::Transmitter | Self::Transceiver)
    }

    /// True when the ESME may receive (deliver_sm ...) in this bind.
    pub const fn can_receive(self) -> bool {
        matches!(self, Self::Receiver | Self::Transceiver)
    }

    /// "tx", "rx" or "trx".
    pub const fn short_name(self) -> &'static str {
        match self {
            Self::Transmitter => "tx",
            Self::Receiver => "rx",
            Self::Transceiver => "trx",
        }
    }
}

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SessionState {
    /// Connected, not bound.
    Open,
    /// ESME: our bind is awaiting its response.
    Binding(BindKind),
    /// SMSC: a bind request awaits the application's answer.
    BindPending(BindKind),
    /// SMSC: outbind sent, waiting for the ESME to bind.
    Outbound,
    /// Bound.
    Bound(BindKind),
    /// We sent unbind and await unbind_resp.
    Unbinding,
    /// The unbind handshake completed; the connection should close.
    Unbound,
    /// Closed: only remaining output bytes come out.
    Closed,
}

impl SessionState {
    /// The bind kind when bound (or unbinding from a bound state is not tracked).
    pub const fn bound_kind(self) -> Option<BindKind> {
        match self {
            Self::Bound(k) => Some(k),
            _ => None,
        }
    }
}

/// Who originates a request: which role may send it, and in which bind kinds.
pub(crate) fn may_send(role: Role, state: SessionState, id: CommandId) -> bool {
    use CommandId as C;
    match id {
        C::EnquireLink => !matches!(state, SessionState::Closed),
        C::BindTransmitter | C::BindReceiver | C::BindTransceiver => {
            role == Role::Esme && matches!(state, SessionState::Open | SessionState::Outbound)
        }
        C::Outbind => role == Role::Smsc && state == SessionState::Open,
        C::Unbind => matches!(state, SessionState::Bound(_)),
        _ => {
            let Some(kind) = state.bound_kind() else {
                return false;
            };
            match (role, id) {
                (
                    Role::Esme,
                    C::SubmitSm
                    | C::SubmitMulti
                    | C::QuerySm
                    | C::CancelSm
                    | C::ReplaceSm
                    | C::BroadcastSm
                    | C::QueryBroadcastSm
                    | C::CancelBroadcastSm,
                ) => kind.can_transmit(),
                (Role::Esme, C::DataSm) => kind.can_transmit(),
                (Role::Smsc, C::DeliverSm | C::AlertNotification) => kind.can_receive(),
                (Role::Smsc, C::DataSm) => kind.can_receive(),
                _ => false,
            }
        }
    }
}

/// Whether the peer may send us this request now.
pub(crate) fn may_receive(role: Role, state: SessionState, id: CommandId) -> bool {
    let peer = match role {
        Role::Esme => Role::Smsc,
        Role::Smsc => Role::Esme,
    };
    // The peer's view of the bind state is ours: a bound ESME is bound on both ends.
    let peer_state = match (role, state) {
        (Role::Smsc, SessionState::Outbound) => SessionState::Outbound,
        (_, SessionState::Binding(_) | SessionState::BindPending(_)) => SessionState::Open,
        (_, s) => s,
    };
    match id {
        // The peer may answer our unbind with its own, and enquire_link is always fine.
        CommandId::Unbind => matches!(state, SessionState::Bound(_) | SessionState::Unbinding),
        CommandId::Outbind => role == Role::Esme && state == SessionState::Open,
        _ => may_send(peer, peer_state, id),
    }
}

/// Message-carrying requests: the ones the send-rate limit applies to.
pub(crate) const fn is_message(id: CommandId) -> bool {
    matches!(
        id,
        CommandId::SubmitSm
            | CommandId::SubmitMulti
            | CommandId::DeliverSm
            | CommandId::DataSm
            | CommandId::BroadcastSm
    )
}
