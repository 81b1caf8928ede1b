Feature: The runbook in containers, one compose project per validator
  In production each validator is a machine running one compose project (docker/compose.yml):
  a tmkms container and a node container on that project's own network. Projects share no
  network: nodes reach each other only through host-published ports via host.docker.internal,
  and the operator carries the public files between the projects' artifact directories.

  Scenario: 3 validators in containers bring up a chain, moving only public files by hand
    Given 3 validator hosts, each a compose project with its own network and tmkms container
    When every host runs keygen
    And the operator carries every address and validator file to the coordinator
    And the coordinator runs intermediate_genesis
    And the operator carries the intermediate genesis to every validator
    And every host runs gentx
    And the operator carries every gentx and genparticipant file to the coordinator
    And the coordinator runs start
    And the operator carries the final genesis and the peers file to every validator
    And every validator runs start
    Then every node reaches height 3 with the same block hashes
    And every validator is a participant with its public URL, its warm key holds the grants, and no block predates genesis_time
    And every file that crossed between hosts is a public artifact in the operator's ledger
    And every node is connected to exactly its persistent peers
    And every peer is reached through host.docker.internal
    And no two projects share a docker network
    And the validator set at height 1 is exactly the published validator keys
    And no private key appears outside its own host
    And no container holds a key that is not its own, and no node container has a TMKMS_HOME
    And every node listens on its base port plus 10 times its index

  Scenario: A killed node container comes back with the restart stage and catches up
    Given a 4-validator network in containers brought up by the runbook
    When the node container of val-2 is killed
    Then the other nodes commit 3 more blocks without it
    When host val-2 restarts its node with GENESIS_RUN_STAGE=restart
    Then every node catches up to 2 blocks past the others and agrees on every hash
    And every node is connected to exactly its persistent peers

  Scenario: A node container cut off the network heals and syncs without forking
    Given a 4-validator network in containers brought up by the runbook
    When the node of val-2 is cut off every network for 6 seconds and put back
    Then each time the other 3 nodes kept committing without val-2's signature
    And each time val-2 caught up with identical hashes and signed again
