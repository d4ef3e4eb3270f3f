//! Record ids. Every kind has its own counter; ids are unique over the whole output.

use rand::Rng;

#[derive(Debug, Default)]
pub struct IdAllocator {
    person: u64,
    household: u64,
    account: u64,
    approval: u64,
    job: u64,
    claim: u64,
    attendance: u64,
    payment: u64,
    slip: u64,
    project: u64,
    payment_request: u64,
    company: u64,
    holding: u64,
    parcel: u64,
    resolution: u64,
}

fn next(counter: &mut u64) -> u64 {
    *counter += 1;
    *counter
}

/// Issuer prefixes of the bank cards seen in the villages (农信, 农行, 建行, 工行, 邮储).
const CARD_PREFIXES: [&str; 5] = ["6230", "6228", "6217", "6222", "6221"];

impl IdAllocator {
    pub fn person(&mut self) -> String {
        format!("p-{:07}", next(&mut self.person))
    }

    pub fn household(&mut self) -> String {
        format!("hh-{:06}", next(&mut self.household))
    }

    /// A 16-digit card number; the trailing counter makes it unique.
    pub fn bank_account(&mut self, rng: &mut impl Rng) -> String {
        let prefix = CARD_PREFIXES[rng.gen_range(0..CARD_PREFIXES.len())];
        let branch: u32 = rng.gen_range(0..10_000);
        format!("{prefix}{branch:04}{:08}", next(&mut self.account))
    }

    pub fn approval(&mut self) -> String {
        format!("ap-{:07}", next(&mut self.approval))
    }

    pub fn job(&mut self, year: i32) -> String {
        format!("job-{year}-{:06}", next(&mut self.job))
    }

    pub fn claim(&mut self) -> String {
        format!("cl-{:07}", next(&mut self.claim))
    }

    pub fn attendance(&mut self) -> String {
        format!("at-{:08}", next(&mut self.attendance))
    }

    pub fn payment(&mut self) -> String {
        format!("pay-{:08}", next(&mut self.payment))
    }

    pub fn dispatch_slip(&mut self) -> String {
        format!("ds-{:07}", next(&mut self.slip))
    }

    pub fn project(&mut self, year: i32) -> String {
        format!("prj-{year}-{:05}", next(&mut self.project))
    }

    pub fn payment_request(&mut self) -> String {
        format!("pr-{:07}", next(&mut self.payment_request))
    }

    pub fn company(&mut self) -> String {
        format!("co-{:05}", next(&mut self.company))
    }

    pub fn holding(&mut self) -> String {
        format!("ld-{:07}", next(&mut self.holding))
    }

    pub fn parcel(&mut self) -> String {
        format!("pc-{:07}", next(&mut self.parcel))
    }

    pub fn resolution(&mut self) -> String {
        format!("rs-{:06}", next(&mut self.resolution))
    }
}

/// `vl-0001`, numbered from 1.
pub fn village_id(index: usize) -> String {
    format!("vl-{:04}", index + 1)
}

/// `ts-01`, numbered from 1.
pub fn township_id(index: usize) -> String {
    format!("ts-{:02}", index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn ids_are_distinct_and_formatted() {
        let mut ids = IdAllocator::default();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        assert_eq!(ids.person(), "p-0000001");
        assert_eq!(ids.person(), "p-0000002");
        let a = ids.bank_account(&mut rng);
        let b = ids.bank_account(&mut rng);
        assert_eq!(a.len(), 16);
        assert_ne!(a, b);
        assert_eq!(village_id(0), "vl-0001");
        assert_eq!(township_id(13), "ts-14");
    }
}
