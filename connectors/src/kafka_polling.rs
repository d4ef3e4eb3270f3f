//! What the Kafka readers share: a message as a [`RawRecord`], the cached end of a partition,
//! and errors worded for the operator.

use mingjing_engine::source::{RawRecord, SourceError};
use rdkafka::client::{Client, ClientContext};
use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedMessage, Message};
use std::ffi::CString;

/// A read failure, saying what was attempted.
pub(crate) fn source_error(what: &str, error: &KafkaError) -> SourceError {
    SourceError::Read {
        source_name: "kafka".into(),
        message: format!("{what}: {error}"),
    }
}

/// The message with its topic, partition and offset.
pub(crate) fn raw_record(message: &BorrowedMessage<'_>) -> RawRecord {
    RawRecord {
        source: message.topic().to_string(),
        position: u64::try_from(message.offset()).unwrap_or(0),
        partition: message.partition(),
        bytes: message.payload().map(<[u8]>::to_vec).unwrap_or_default(),
    }
}

/// The high watermark librdkafka last received with a fetch, without asking the broker.
/// None until the partition has been fetched once.
pub(crate) fn cached_high_watermark<C: ClientContext>(
    client: &Client<C>,
    topic: &str,
    partition: i32,
) -> Option<u64> {
    let topic = CString::new(topic).ok()?;
    let (mut low, mut high) = (-1_i64, -1_i64);
    // SAFETY: the client pointer is live for the borrow of `client`; the topic is a valid C
    // string and both out-pointers point to initialised i64s. librdkafka only reads its own
    // cached partition state here (rd_kafka_get_watermark_offsets does no I/O).
    let err = unsafe {
        rdkafka::bindings::rd_kafka_get_watermark_offsets(
            client.native_ptr(),
            topic.as_ptr(),
            partition,
            &mut low,
            &mut high,
        )
    };
    if err != rdkafka::bindings::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
        return None;
    }
    u64::try_from(high).ok()
}
