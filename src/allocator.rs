//! How the process allocates: mimalloc, keeping freed memory a while before returning it.

use std::ffi::c_long;

/// mimalloc's `mi_option_purge_delay` (the same place in `mi_option_e` of mimalloc 2 and 3).
const PURGE_DELAY_OPTION: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory stays with the process before it goes back to the system.
const PURGE_DELAY_MILLIS: c_long = 30_000;

/// Keeps freed memory for [`PURGE_DELAY_MILLIS`] instead of mimalloc's one second. Records
/// expire a day at a time and the next day's events allocate as much again; returned after a
/// second, those pages came back zeroed by the kernel, a page fault each (a tenth of the time
/// of a year-long replay). A service whose state shrinks still returns the memory, later.
pub fn keep_freed_memory_longer() {
    // SAFETY: mi_option_set only stores an option value; any value is valid for this option.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY_OPTION, PURGE_DELAY_MILLIS) }
}
