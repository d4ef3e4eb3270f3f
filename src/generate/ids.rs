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
    budget_line: u64,
    invoice: u64,
    cash_count: u64,
    receipt: u64,
    seal_use: u64,
    document: u64,
    order: u64,
    contract: u64,
    receivable: u64,
    lease: u64,
    asset: u64,
    company_account: u64,
    trader_account: u64,
    disclosure: u64,
    check: u64,
}

fn person_id(number: u64) -> String {
    format!("p-{number:07}")
}

fn next(counter: &mut u64) -> u64 {
    *counter += 1;
    *counter
}

/// Issuer prefixes of the bank cards seen in the villages (农信, 农行, 建行, 工行, 邮储).
const CARD_PREFIXES: [&str; 5] = ["6230", "6228", "6217", "6222", "6221"];

impl IdAllocator {
    pub fn person(&mut self) -> String {
        person_id(next(&mut self.person))
    }

    /// How many person ids were issued so far: a mark for [`IdAllocator::persons_since`].
    pub fn persons_issued(&self) -> u64 {
        self.person
    }

    /// The person ids issued after `mark`, in order.
    pub fn persons_since(&self, mark: u64) -> Vec<String> {
        (mark + 1..=self.person).map(person_id).collect()
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

    pub fn disclosure(&mut self) -> String {
        format!("dc-{:07}", next(&mut self.disclosure))
    }

    pub fn budget_line(&mut self, year: i32) -> String {
        format!("bl-{year}-{:06}", next(&mut self.budget_line))
    }

    /// A 20-digit electronic invoice number (全电发票号码); the counter makes it unique.
    pub fn invoice(&mut self, year: i32) -> String {
        format!("{:02}33{:014}", year % 100, next(&mut self.invoice))
    }

    pub fn cash_count(&mut self) -> String {
        format!("cc-{:07}", next(&mut self.cash_count))
    }

    /// A check record of a supervisory committee.
    pub fn check(&mut self) -> String {
        format!("chk-{:07}", next(&mut self.check))
    }

    pub fn receipt(&mut self) -> String {
        format!("rc-{:07}", next(&mut self.receipt))
    }

    pub fn seal_use(&mut self) -> String {
        format!("su-{:08}", next(&mut self.seal_use))
    }

    /// The document a seal application approves.
    pub fn document(&mut self) -> String {
        format!("doc-{:07}", next(&mut self.document))
    }

    /// A company's settlement account (对公账户).
    pub fn company_account(&mut self) -> String {
        format!("33050163{:012}", next(&mut self.company_account))
    }

    /// A trader's own card for business takings, from a bank no villager card comes from.
    pub fn trader_account(&mut self) -> String {
        format!("6214{:012}", next(&mut self.trader_account))
    }

    pub fn order(&mut self, year: i32) -> String {
        format!("po-{year}-{:06}", next(&mut self.order))
    }

    pub fn contract(&mut self, year: i32) -> String {
        format!("ct-{year}-{:06}", next(&mut self.contract))
    }

    pub fn receivable(&mut self) -> String {
        format!("rv-{:07}", next(&mut self.receivable))
    }

    pub fn lease(&mut self, year: i32) -> String {
        format!("ls-{year}-{:06}", next(&mut self.lease))
    }

    pub fn asset(&mut self) -> String {
        format!("as-{:06}", next(&mut self.asset))
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
