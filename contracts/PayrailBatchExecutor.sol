// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC7821} from "@openzeppelin/contracts/account/extensions/draft-ERC7821.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/**
 * The code Payrail's hot wallet delegates to itself with EIP-7702, so that one transaction pays many
 * payouts. Stateless (no storage, no constructor arguments: the same CREATE2 address on every network).
 * Only the delegating account itself may call it (a transaction it sends to itself): ERC-7821's default
 * authorisation for `execute`, and the same rule for `transferTokens`.
 */
contract PayrailBatchExecutor is ERC7821 {
    using SafeERC20 for IERC20;

    error Unauthorized(address caller);
    error LengthMismatch();

    /**
     * Transfer `amounts[i]` of `token` to `recipients[i]`, in order. SafeERC20: a token returning false
     * reverts the whole batch, and one returning nothing (mainnet USDT) is accepted.
     */
    function transferTokens(IERC20 token, address[] calldata recipients, uint256[] calldata amounts) external {
        if (msg.sender != address(this)) revert Unauthorized(msg.sender);
        if (recipients.length != amounts.length) revert LengthMismatch();
        for (uint256 i = 0; i < recipients.length; ++i) token.safeTransfer(recipients[i], amounts[i]);
    }

    /** Native coins sent to the hot wallet (gas top-ups, native consolidation) must still land. */
    receive() external payable {}
}
