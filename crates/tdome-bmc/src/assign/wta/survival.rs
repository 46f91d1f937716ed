//! Per-target survival probabilities, kept up to date as rounds are added and removed.

use super::WtaProblem;

/// S_j = Π (1 − p_o)^{x_o} for every target, as the count of certain-kill rounds
/// (1 − p = 0) and the product of the other factors. Keeping the zeros apart makes a
/// round with p = 1 removable (dividing by its factor would not be).
#[derive(Clone, Debug, Default)]
pub(crate) struct Survival {
    zeros: Vec<u32>,
    product: Vec<f64>,
}

impl Survival {
    /// Survival of every target under `rounds`.
    pub(crate) fn reset(&mut self, problem: &WtaProblem, rounds: &[u32]) {
        let targets = problem.targets().len();
        self.zeros.clear();
        self.zeros.resize(targets, 0);
        self.product.clear();
        self.product.resize(targets, 1.0);
        for (o, &x) in rounds.iter().enumerate() {
            for _ in 0..x {
                self.add(problem.options()[o].target, problem.miss(o));
            }
        }
    }

    /// S_j.
    #[inline]
    pub(crate) fn get(&self, j: usize) -> f64 {
        if self.zeros[j] > 0 {
            0.0
        } else {
            self.product[j]
        }
    }

    /// S_j with one round of miss factor `miss` taken away (the round must be there).
    #[inline]
    pub(crate) fn without(&self, j: usize, miss: f64) -> f64 {
        if miss == 0.0 {
            if self.zeros[j] == 1 {
                self.product[j]
            } else {
                0.0
            }
        } else if self.zeros[j] > 0 {
            0.0
        } else {
            self.product[j] / miss
        }
    }

    /// Add a round of miss factor `miss` to target `j`.
    #[inline]
    pub(crate) fn add(&mut self, j: usize, miss: f64) {
        if miss == 0.0 {
            self.zeros[j] += 1;
        } else {
            self.product[j] *= miss;
        }
    }

    /// Take a round of miss factor `miss` from target `j` (it must be there).
    #[inline]
    pub(crate) fn remove(&mut self, j: usize, miss: f64) {
        if miss == 0.0 {
            self.zeros[j] = self.zeros[j].saturating_sub(1);
        } else {
            self.product[j] /= miss;
        }
    }
}
