#!/bin/bash
# eb-test-pki.sh — a test PKI shaped like Kamu SM's, and a SoftHSM2 token holding it
#
# Usage: eb-test-pki.sh [--token] OUTDIR
#
# Makes, with the openssl CLI only: a root CA, an issuing CA, and one person
# certificate per case the app must tell apart (see PERSONS below), each with
# its RSA key. Person certificates carry what a Kamu SM NES carries: subject
# serialNumber = T.C. Kimlik No, keyUsage nonRepudiation, qcStatements
# (QcCompliance 0.4.0.1862.1.1 and the BTK statement 2.16.792.1.61.0.1.5070.1.1)
# and the NES policy 2.16.792.1.2.1.1.5.7.1.1.
#
# With --token, also makes OUTDIR/softhsm2.conf and a token (label AKIS_TEST,
# like a real card's AKIS_<serial>) holding every person's key and certificate
# under the AKİS label scheme <TCKN>NES<n>. Point SOFTHSM2_CONF at that file.
#
# Everything the tests need to know is written to OUTDIR/pki.ini (GKeyFile
# syntax): file names, PINs, and per person the name, TCKN, id and label.
# Later tests (PAdES signing, pdfsig / openssl cms verification) reuse it:
# OUTDIR/chain.pem is issuing CA + root, OUTDIR/root.pem the trust anchor.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

token=0
if [ "${1:-}" = "--token" ]; then
  token=1
  shift
fi
if [ $# -ne 1 ]; then
  echo "usage: $0 [--token] OUTDIR" >&2
  exit 2
fi

out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$out"

USER_PIN=123456
SO_PIN=12345678
TOKEN_LABEL=AKIS_TEST
SOFTHSM_MODULE=${SOFTHSM_MODULE:-/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so}

# case | holder | subject serialNumber | validity from, to (days from now) | extensions
# The first four belong to one applicant (12345678950) who has held several
# cards; "other" is somebody else. All TCKNs have valid check digits.
PERSONS=(
  "valid|AYŞE YILMAZ|12345678950|-10|720|person_nes"
  "expiring|AYŞE YILMAZ|TR12345678950|-700|30|person_nes"
  "expired|AYŞE YILMAZ|12345678950|-1100|-5|person_nes"
  "no-nonrepudiation|AYŞE YILMAZ|12345678950|-10|720|person_no_nr"
  "other-person|MEHMET DEMİR|TR23456789138|-10|720|person_nes"
)
# More people for other tests (the practice portal's demo person, say): lines
# in the same syntax in $EB_TEST_PKI_EXTRA_PERSONS.
while IFS= read -r line; do
  [ -n "$line" ] && PERSONS+=("$line")
done <<< "${EB_TEST_PKI_EXTRA_PERSONS:-}"

cat > openssl.cnf <<'EOF'
[ req ]
distinguished_name = dn
prompt = no
utf8 = yes
string_mask = utf8only
[ dn ]
CN = unused

[ ca ]
default_ca = issuing

[ issuing ]
dir = .
database = $dir/ca-db/index.txt
new_certs_dir = $dir/ca-db/new
serial = $dir/ca-db/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
preserve = yes
utf8 = yes
email_in_dn = no

[ policy_any ]
countryName = optional
organizationName = optional
commonName = supplied
serialNumber = optional

[ root_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ issuing_ext ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ person_nes ]
basicConstraints = critical, CA:false
keyUsage = critical, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = @nes_policy
1.3.6.1.5.5.7.1.3 = ASN1:SEQUENCE:qc_statements

[ person_no_nr ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
extendedKeyUsage = clientAuth

[ nes_policy ]
policyIdentifier = 2.16.792.1.2.1.1.5.7.1.1
CPS.1 = "http://depo.kamusm.gov.tr/ilke"

[ qc_statements ]
compliance = SEQUENCE:qc_compliance
btk = SEQUENCE:qc_btk

[ qc_compliance ]
id = OID:0.4.0.1862.1.1

[ qc_btk ]
id = OID:2.16.792.1.61.0.1.5070.1.1
text = UTF8:5070 sayılı Kanuna göre nitelikli elektronik sertifikadır.
EOF

rm -rf ca-db
mkdir -p ca-db/new
: > ca-db/index.txt
echo 1000 > ca-db/serial

export OPENSSL_CONF=$out/openssl.cnf

# openssl ca takes absolute dates; the offsets above are relative to one
# "now", read once, so a start and an end never straddle a second boundary.
now=$(date +%s)
date_in_days () {
  date -u -d "@$(( now + $1 * 86400 ))" +%Y%m%d%H%M%SZ
}

newkey () {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2> /dev/null
}

# Key generation is most of the run time: do it all at once, in parallel.
pids=()
for k in root ca "${PERSONS[@]%%|*}"; do
  newkey "$k.key" &
  pids+=($!)
done
for pid in "${pids[@]}"; do
  wait "$pid"
done

# Root CA: self-signed.
openssl req -new -x509 -key root.key -days 7300 -utf8 -sha256 \
  -subj "/C=TR/O=Test Kamu SM/CN=Test Kök Sertifika Hizmet Sağlayıcısı" \
  -extensions root_ext -out root.pem

# Issuing CA, signed by the root.
openssl req -new -key ca.key -utf8 \
  -subj "/C=TR/O=Test Kamu SM/CN=Test Nitelikli Elektronik Sertifika Hizmet Sağlayıcısı" \
  -out ca.csr
openssl x509 -req -in ca.csr -CA root.pem -CAkey root.key -CAcreateserial \
  -days 3650 -sha256 -extfile openssl.cnf -extensions issuing_ext -out ca.pem 2> /dev/null
cat ca.pem root.pem > chain.pem

cat > pki.ini <<EOF
# Written by eb-test-pki.sh; paths are absolute.
[pki]
dir=$out
root=$out/root.pem
ca=$out/ca.pem
ca-key=$out/ca.key
chain=$out/chain.pem
persons=$(for p in "${PERSONS[@]}"; do printf '%s;' "${p%%|*}"; done)
EOF

n=0
for p in "${PERSONS[@]}"; do
  IFS='|' read -r case name serial start end ext <<< "$p"
  tckn=${serial#TR}
  id=$(printf '%02x' $((n + 1)))
  label="${tckn}NES${n}"
  openssl req -new -key "$case.key" -utf8 \
    -subj "/C=TR/CN=$name/serialNumber=$serial" -out "$case.csr"
  openssl ca -batch -notext -utf8 -in "$case.csr" -cert ca.pem -keyfile ca.key \
    -startdate "$(date_in_days "$start")" -enddate "$(date_in_days "$end")" \
    -extensions "$ext" -out "$case.pem" 2> ca-db/last.log ||
    { cat ca-db/last.log >&2; exit 1; }
  openssl x509 -in "$case.pem" -outform DER -out "$case.der"
  cat >> pki.ini <<EOF

[person:$case]
name=$name
tckn=$tckn
serial-number=$serial
cert=$out/$case.pem
cert-der=$out/$case.der
key=$out/$case.key
id=$id
label=$label
not-before-days=$start
not-after-days=$end
EOF
  n=$((n + 1))
done

if [ "$token" = 1 ]; then
  rm -rf tokens
  mkdir -p tokens
  cat > softhsm2.conf <<EOF
directories.tokendir = $out/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
EOF
  export SOFTHSM2_CONF=$out/softhsm2.conf
  softhsm2-util --init-token --free --label "$TOKEN_LABEL" \
    --so-pin "$SO_PIN" --pin "$USER_PIN" > /dev/null
  for p in "${PERSONS[@]}"; do
    IFS='|' read -r case name serial start end ext <<< "$p"
    id=$(sed -n "/^\[person:$case\]/,/^\[/s/^id=//p" pki.ini)
    label=$(sed -n "/^\[person:$case\]/,/^\[/s/^label=//p" pki.ini)
    # genpkey writes PKCS#8, which is what softhsm2-util imports.
    softhsm2-util --import "$case.key" --token "$TOKEN_LABEL" --label "$label" \
      --id "$id" --pin "$USER_PIN" > /dev/null
    pkcs11-tool --module "$SOFTHSM_MODULE" --token-label "$TOKEN_LABEL" \
      --login --pin "$USER_PIN" --write-object "$case.der" --type cert \
      --id "$id" --label "$label" > /dev/null 2>&1
  done
  cat >> pki.ini <<EOF

[token]
conf=$out/softhsm2.conf
module=$SOFTHSM_MODULE
label=$TOKEN_LABEL
user-pin=$USER_PIN
so-pin=$SO_PIN
EOF
fi
