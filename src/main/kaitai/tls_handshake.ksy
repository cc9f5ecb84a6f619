meta:
  id: tls_handshake
  title: TLS handshake message (ClientHello / ServerHello bodies)
  endian: be
  license: CC0-1.0
doc: |
  One TLS handshake message (RFC 8446 §4), already reassembled from the record layer by
  io.proxyaudit.proto.tls.TlsHandshakeReader. Only ClientHello (§4.1.2) and ServerHello (§4.1.3)
  bodies are described. Extensions are kept as type + raw body: their contents are parsed one by one
  with the sub-types below (server_name_list, protocol_name_list, ...) so that one broken extension
  does not lose the rest of the hello.
seq:
  - id: msg_type
    type: u1
  - id: length
    type: b24
  - id: body
    size: length
    type:
      switch-on: msg_type
      cases:
        1: client_hello
        2: server_hello
types:
  client_hello:
    seq:
      - id: legacy_version
        type: u2
      - id: random
        size: 32
      - id: len_session_id
        type: u1
      - id: session_id
        size: len_session_id
      - id: len_cipher_suites
        type: u2
      - id: cipher_suites
        size: len_cipher_suites
        type: u2_list
      - id: len_compression_methods
        type: u1
      - id: compression_methods
        size: len_compression_methods
      - id: extensions
        type: extensions
        if: not _io.eof
  server_hello:
    seq:
      - id: legacy_version
        type: u2
      - id: random
        size: 32
      - id: len_session_id
        type: u1
      - id: session_id
        size: len_session_id
      - id: cipher_suite
        type: u2
      - id: compression_method
        type: u1
      - id: extensions
        type: extensions
        if: not _io.eof
  extensions:
    doc: Extension list with its 2-byte length (RFC 8446 §4.2).
    seq:
      - id: len_list
        type: u2
      - id: list
        size: len_list
        type: extension_list
  extension_list:
    seq:
      - id: items
        type: extension
        repeat: eos
  extension:
    seq:
      - id: type
        type: u2
      - id: len_body
        type: u2
      - id: body
        size: len_body
  u2_list:
    seq:
      - id: items
        type: u2
        repeat: eos
  u2_vector:
    doc: A vector of u2 with a 2-byte length (signature_algorithms, RFC 8446 §4.2.3).
    seq:
      - id: len_values
        type: u2
      - id: values
        size: len_values
        type: u2_list
  u2_vector8:
    doc: A vector of u2 with a 1-byte length (ClientHello supported_versions, RFC 8446 §4.2.1).
    seq:
      - id: len_values
        type: u1
      - id: values
        size: len_values
        type: u2_list
  server_name_list:
    doc: server_name extension body (RFC 6066 §3).
    seq:
      - id: len_names
        type: u2
      - id: names
        size: len_names
        type: server_name_entries
  server_name_entries:
    seq:
      - id: items
        type: server_name
        repeat: eos
  server_name:
    seq:
      - id: name_type
        type: u1
      - id: len_name
        type: u2
      - id: name
        size: len_name
  protocol_name_list:
    doc: application_layer_protocol_negotiation body (RFC 7301 §3.1).
    seq:
      - id: len_names
        type: u2
      - id: names
        size: len_names
        type: protocol_name_entries
  protocol_name_entries:
    seq:
      - id: items
        type: protocol_name
        repeat: eos
  protocol_name:
    seq:
      - id: len_name
        type: u1
      - id: name
        size: len_name
