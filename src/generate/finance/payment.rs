//! A `finance.payment` as the generator drafts it, and its payload.

use chrono::NaiveDateTime;

use crate::generate::json::{Fen, JsonObject};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayMethod {
    /// Transfer into this account.
    Bank(String),
    Cash,
}

#[derive(Debug, Clone)]
pub struct Payment {
    pub payment_id: String,
    /// Execution instant (occurred_at).
    pub at: NaiveDateTime,
    pub amount: Fen,
    pub method: PayMethod,
    pub payee_id: String,
    /// `person`, `company` or `other`.
    pub payee_type: &'static str,
    pub purpose: &'static str,
    pub approval_id: Option<String>,
    pub claim_id: Option<String>,
    pub order_id: Option<String>,
    pub contract_id: Option<String>,
    pub project_id: Option<String>,
    pub budget_line_id: Option<String>,
    /// As keyed in; white space is kept (FIN-06 compares it trimmed).
    pub invoice_no: Option<String>,
    pub description: String,
}

impl Payment {
    /// A bank payment to a person with nothing but the essentials; callers fill in the rest.
    pub fn new(
        payment_id: String,
        at: NaiveDateTime,
        amount: Fen,
        method: PayMethod,
        payee_id: String,
        purpose: &'static str,
    ) -> Self {
        Self {
            payment_id,
            at,
            amount,
            method,
            payee_id,
            payee_type: "person",
            purpose,
            approval_id: None,
            claim_id: None,
            order_id: None,
            contract_id: None,
            project_id: None,
            budget_line_id: None,
            invoice_no: None,
            description: String::new(),
        }
    }

    /// The invoice number as FIN-06 and FIN-07 read it: trimmed, absent when blank.
    pub fn invoice_key(&self) -> Option<&str> {
        self.invoice_no
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    pub fn payload(&self) -> String {
        let mut o = JsonObject::new();
        o.string("payment_id", &self.payment_id)
            .money("amount", self.amount);
        match &self.method {
            PayMethod::Bank(account) => {
                o.string("method", "bank")
                    .string("payee_id", &self.payee_id)
                    .string("payee_type", self.payee_type)
                    .string("account_no", account);
            }
            PayMethod::Cash => {
                o.string("method", "cash")
                    .string("payee_id", &self.payee_id)
                    .string("payee_type", self.payee_type);
            }
        }
        o.string("purpose", self.purpose);
        let optional = [
            ("approval_id", &self.approval_id),
            ("claim_id", &self.claim_id),
            ("order_id", &self.order_id),
            ("contract_id", &self.contract_id),
            ("project_id", &self.project_id),
            ("budget_line_id", &self.budget_line_id),
            ("invoice_no", &self.invoice_no),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                o.string(key, value);
            }
        }
        if !self.description.is_empty() {
            o.string("description", &self.description);
        }
        o.finish()
    }
}
