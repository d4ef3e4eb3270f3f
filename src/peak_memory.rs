//! The process's peak resident memory, for the replay summary: how much memory a city of this
//! size needs is what an operator sizes the machine by.

/// Peak resident set size in bytes (Linux `VmHWM`); None where the kernel does not report it.
pub fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let mut parts = line["VmHWM:".len()..].split_whitespace();
    let value: u64 = parts.next()?.parse().ok()?;
    match parts.next() {
        Some("kB") => Some(value * 1024),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_high_water_mark_in_bytes() {
        let status = "Name:\tmingjing\nVmPeak:\t  900 kB\nVmHWM:\t   20480 kB\nVmRSS:\t 10 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(20480 * 1024));
    }

    #[test]
    fn a_missing_or_odd_line_gives_nothing() {
        assert_eq!(parse_vm_hwm("VmRSS:\t 10 kB\n"), None);
        assert_eq!(parse_vm_hwm("VmHWM:\t 10 pages\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_a_peak() {
        let bytes = peak_resident_bytes().expect("Linux reports VmHWM");
        assert!(bytes > 1024 * 1024, "{bytes}");
    }
}
