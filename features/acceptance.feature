Feature: Acceptance criteria of the multi-genesis ceremony
  The spec's criteria, checked on a network the runbook brought up.

  Scenario Outline: A <n>-validator network meets every criterion
    Given a <n>-validator network brought up by the runbook
    Then every node reaches height 3 with the same block hashes
    And every node is connected to exactly its persistent peers
    And the validator set at height 1 is exactly the published validator keys
    And no private key appears outside its own host
    And every node listens on its base port plus 10 times its index

    Examples:
      | n |
      | 3 |
      | 4 |
      | 5 |

  Scenario: Stages are re-runnable with FORCE and never touch the keys
    Given 3 validator hosts that have run the runbook up to collecting the gentxs
    Then re-running gentx on val-1 without FORCE fails and changes no home
    And re-running it with FORCE succeeds and leaves the keyring and tmkms homes byte-identical
    And the same holds for intermediate_genesis on the coordinator
