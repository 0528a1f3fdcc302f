//! Antidote's services: the API (and, later, the scheduler and gc) as libraries, so that the
//! `antidote` daemon runs each on its own and `antidotectl serve` runs them all in one process.
