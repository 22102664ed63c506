#!/usr/bin/perl
# pexspec implementation harness for Perl's Bencode module (Debian libbencode-perl), see
# docs/implementations.md.
#
#   harness.pl lenient | strict
#
# Decodes kind "bencode" with Bencode::bdecode($bytes, $lenient) (strict: keys must be sorted;
# lenient: any key order; both modes reject leading zeros and repeated keys). Bencode returns
# integers and byte strings as the same kind of Perl scalar, so a scalar that is an integer in
# canonical form is written as a JSON number, everything else as a string (UTF-8) or {"hex": ...}.
# Errors are the module's message stem as the code ("trailing garbage" -> trailing_garbage):
# codes of its own, judged on the verdict and the value.
use strict;
use warnings;
use Bencode ();
use Encode ();
use JSON::PP ();
use Math::BigInt ();

my $mode = shift // '';
die "usage: harness.pl lenient | strict\n" unless $mode eq 'lenient' || $mode eq 'strict';
my $json = JSON::PP->new->utf8->allow_bignum;
$| = 1;

sub text_or_undef {
    my ($bytes) = @_;
    my $copy = $bytes;
    my $text = eval { Encode::decode('UTF-8', $copy, Encode::FB_CROAK) };
    return $text;
}

sub to_json {
    my ($value) = @_;
    if (ref $value eq 'ARRAY') { return [ map { to_json($_) } @$value ] }
    if (ref $value eq 'HASH') {
        my %out;
        for my $key (keys %$value) {
            my $text = text_or_undef($key);
            $out{ defined $text ? $text : 'hex:' . unpack('H*', $key) } = to_json($value->{$key});
        }
        return \%out;
    }
    return 0 + $value if $value =~ /\A(?:0|-?[1-9][0-9]{0,17})\z/;
    # An integer with more digits than a Perl number holds exactly: written as those digits.
    return Math::BigInt->new($value) if $value =~ /\A-?[1-9][0-9]*\z/;
    my $text = text_or_undef($value);
    return defined $text ? $text : { hex => unpack('H*', $value) };
}

while (my $line = <STDIN>) {
    next unless $line =~ /\S/;
    my $request = $json->decode($line);
    my $answer;
    if (($request->{cmd} // '') eq 'start') {
        $answer = { name => "perl-Bencode-$mode", version => $Bencode::VERSION, language => 'Perl', kinds => ['bencode'],
                    modes => [$mode], codes => 'own', warnings => JSON::PP::false, session => JSON::PP::false };
    } elsif (($request->{cmd} // '') eq 'decode' && ($request->{kind} // '') eq 'bencode') {
        my $bytes = pack('H*', $request->{hex});
        my $decoded = eval { Bencode::bdecode($bytes, $mode eq 'lenient' ? 1 : 0) };
        if (my $error = $@) {
            my ($stem, $offset) = $error =~ /\A(.*?) at (\d+)/ ? ($1, $2) : ($error =~ /\A(.*?) at /s ? ($1, undef) : ('error', undef));
            (my $code = $stem) =~ s/\W+/_/g;
            $answer = { seq => $request->{seq}, ok => JSON::PP::false, error => { code => $code, defined $offset ? (offset => 0 + $offset) : () } };
        } else {
            $answer = { seq => $request->{seq}, ok => JSON::PP::true, value => to_json($decoded), warnings => [] };
        }
    } else {
        $answer = { seq => $request->{seq}, ok => JSON::PP::false, error => { code => 'bad_request' } };
    }
    print $json->encode($answer), "\n";
}
