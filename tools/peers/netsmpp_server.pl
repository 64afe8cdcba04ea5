#!/usr/bin/perl
# A small SMSC on Net::SMPP (Debian package libnet-smpp-perl), for interop tests.
#
#   perl netsmpp_server.pl [--port 0] [--account ID:PASSWORD] [--timeout-s 60] [--mo-text T]
#
# Prints {"event":"listening","port":N} first, then one JSON line per PDU it handles.
# Binds are checked against the account (ESME_RINVPASWD otherwise); each submit_sm gets a
# message_id and, when it asks for one and the ESME can receive, an Appendix B delivery
# receipt with the receipted_message_id and message_state TLVs; a receiver (rx or trx) gets
# one MO message after it binds; enquire_link and unbind are answered; other requests get
# generic_nack ESME_RINVCMDID. One process per connection; everything stops after --timeout-s.
use strict;
use warnings;
use Getopt::Long;
use POSIX qw(strftime);
use Net::SMPP;

my ($port, $account, $timeout, $mo_text) = (0, 'esme01:secret', 60, 'hello from perl');
GetOptions(
    'port=i'      => \$port,
    'account=s'   => \$account,
    'timeout-s=i' => \$timeout,
    'mo-text=s'   => \$mo_text,
) or die "bad arguments\n";
my ($sysid, $pw) = split /:/, $account, 2;

$| = 1;
my $srv = Net::SMPP->new_listen('127.0.0.1', port => $port, smpp_version => 0x34)
    or die "cannot listen: $!\n";
print '{"event":"listening","port":' . $srv->sockport . "}\n";
$SIG{CHLD} = 'IGNORE';
$SIG{ALRM} = sub { exit 0 };
alarm $timeout;

while (1) {
    my $c = $srv->accept or next;
    my $pid = fork;
    die "fork: $!\n" unless defined $pid;
    next if $pid;
    alarm $timeout;  # alarms are not inherited
    serve($c);
    exit 0;
}

sub event {
    my ($name, %kv) = @_;
    my $fields = join '', map { ",\"$_\":\"" . ($kv{$_} // '') . '"' } sort keys %kv;
    print "{\"event\":\"$name\"$fields}\n";
}

sub serve {
    my ($c) = @_;
    my ($can_receive, $n) = (0, 0);
    my %bind_resp = (
        0x01 => 'bind_receiver_resp',
        0x02 => 'bind_transmitter_resp',
        0x09 => 'bind_transceiver_resp',
    );
    while (defined(my $pdu = $c->read_pdu())) {
        my ($cmd, $seq) = ($pdu->{cmd}, $pdu->{seq});
        if (my $resp = $bind_resp{$cmd}) {
            my $ok = $pdu->{system_id} eq $sysid && $pdu->{password} eq $pw;
            $c->$resp(system_id => 'PERLSMSC', seq => $seq, status => $ok ? 0 : 0x0E);
            event('bind', system_id => $pdu->{system_id}, ok => $ok ? 1 : 0);
            return unless $ok;
            $can_receive = $cmd != 0x02;
            if ($cmd == 0x01) {
                $c->deliver_sm(source_addr => '61400000009', destination_addr => 'SENDER',
                               short_message => $mo_text, async => 1);
            }
        } elsif ($cmd == 0x04) {
            my $id = sprintf('%d%04d', $$, ++$n);
            $c->submit_sm_resp(message_id => $id, seq => $seq);
            event('submit_sm', id => $id, to => $pdu->{destination_addr});
            if ($can_receive && ($pdu->{registered_delivery} & 0x01)) {
                my $date = strftime('%y%m%d%H%M', gmtime);
                my $text = "id:$id sub:001 dlvrd:001 submit date:$date done date:$date"
                    . ' stat:DELIVRD err:000 text:' . substr($pdu->{short_message}, 0, 20);
                $c->deliver_sm(
                    source_addr          => $pdu->{destination_addr},
                    destination_addr     => $pdu->{source_addr},
                    esm_class            => 0x04,
                    short_message        => $text,
                    receipted_message_id => "$id\0",
                    message_state        => pack('C', 2),
                    async                => 1,
                );
            }
        } elsif ($cmd == 0x15) {
            $c->enquire_link_resp(seq => $seq);
        } elsif ($cmd == 0x06) {
            $c->unbind_resp(seq => $seq);
            event('unbind');
            return;
        } elsif (!($cmd & 0x80000000)) {
            $c->generic_nack(seq => $seq, status => 0x03);
        }
    }
}
