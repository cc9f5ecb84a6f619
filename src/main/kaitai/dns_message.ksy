meta:
  id: dns_message
  endian: be
seq:
  - id: transaction_id
    type: u2
  - id: flags
    type: u2
