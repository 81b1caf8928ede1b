//! privval messages inside the SecretConnection.
//!
//! cometbft-p2p 0.3 reads and writes `prost` 0.14 messages while tendermint-proto 0.40 is built
//! on prost 0.13. [`Raw`] carries an already-encoded `privval::Message` body through
//! cometbft-p2p unchanged, so the wire holds exactly `varint(len) || message` as CometBFT's
//! protoio writes it.

use prost014::bytes::{Buf, BufMut};
use prost014::encoding::{bytes as pb_bytes, DecodeContext, WireType};

#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Raw(pub Vec<u8>);

impl prost014::Message for Raw {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        buf.put_slice(&self.0);
    }

    // Every field of `privval::Message` is one arm of a oneof of embedded messages, so each is
    // length-delimited; re-encoding field by field reproduces the body prost 0.13 then decodes.
    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), prost014::DecodeError> {
        if wire_type != WireType::LengthDelimited {
            #[allow(deprecated)]
            return Err(prost014::DecodeError::new("privval message field is not length-delimited"));
        }
        let mut field = Vec::new();
        pb_bytes::merge(wire_type, &mut field, buf, ctx)?;
        pb_bytes::encode(tag, &field, &mut self.0);
        Ok(())
    }

    fn encoded_len(&self) -> usize {
        self.0.len()
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

/// cometbft-p2p's Display says only "I/O error"; the cause is in the source chain.
pub(crate) fn describe(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message as _;
    use prost014::Message as _;
    use tendermint_proto::v0_38::privval::{message::Sum, Message, PingRequest, SignVoteRequest};
    use tendermint_proto::v0_38::types::Vote;

    #[test]
    fn raw_framing_equals_cometbft_delimited_encoding() {
        let vote =
            Vote { height: 7, round: 1, validator_address: vec![3; 20], signature: vec![9; 64], ..Default::default() };
        for msg in [
            Message { sum: Some(Sum::SignVoteRequest(SignVoteRequest { vote: Some(vote), chain_id: "c".into() })) },
            Message { sum: Some(Sum::PingRequest(PingRequest {})) },
        ] {
            let framed = Raw(msg.encode_to_vec()).encode_length_delimited_to_vec();
            assert_eq!(framed, msg.encode_length_delimited_to_vec());
            let back = Raw::decode_length_delimited(framed.as_slice()).unwrap();
            assert_eq!(Message::decode(back.0.as_slice()).unwrap(), msg);
            assert!(Raw::decode_length_delimited(&framed[..framed.len() - 1]).is_err());
        }
    }
}
