Feature: Faults a validator's host meets in production, and what the network does about them
  Each fault is injected on a running 4-validator network (process backend, timeout_commit
  100 ms) and healed. The evidence is the other nodes' heights, the signatures in every
  canonical commit, the block hashes every node reports, what the system shows of the fault
  (exit status, process state T, link down), each tmkms's log of every signature it made, and
  what every node logged and committed about conflicting votes.

  Scenario: A node killed with SIGKILL at seeded random heights catches up every time
    Given a 4-validator network brought up by the runbook
    When the node of val-2 is killed with SIGKILL 10 times at seeded random heights, each time brought back with GENESIS_RUN_STAGE=restart
    Then each time the other 3 nodes kept committing without val-2's signature
    And each time val-2 caught up with identical hashes and signed again

  Scenario: A paused node thaws and catches up
    Given a 4-validator network brought up by the runbook
    When the node of val-3 is paused for 6 seconds
    Then each time the other 3 nodes kept committing without val-3's signature
    And each time val-3 caught up with identical hashes and signed again

  Scenario: A killed signer stops its validator's signatures until it is back, and never signs a height twice
    Given a 4-validator network brought up by the runbook
    When the tmkms of val-1 is killed with SIGKILL for 6 seconds and started again
    Then each time the other 3 nodes kept committing without val-1's signature
    And each time val-1 caught up with identical hashes and signed again
    And tmkms of val-1 signed in order over the whole run, its height, round and step never going back
    And no validator signed twice: no node saw conflicting votes, no block so far carries evidence, no tmkms log goes back

  Scenario: Two of four validators down halt the chain until one returns
    Given a 4-validator network brought up by the runbook
    When the nodes of val-2 and val-3 are killed with SIGKILL
    Then no running node commits a new height for 10 seconds
    When host val-2 restarts its node with GENESIS_RUN_STAGE=restart
    Then every running node commits 3 more heights with the same hashes

  Scenario: A host cut off the network for 10 seconds heals and syncs without forking
    Given a 4-validator network of hosts with network stacks of their own, brought up by the runbook
    Then every node's peers are at the addresses of their own hosts, none on loopback
    When the node of val-2 is cut off every network for 10 seconds and put back
    Then each time the other 3 nodes kept committing without val-2's signature
    And each time val-2 caught up with identical hashes and signed again
    And every node is connected to exactly its persistent peers
