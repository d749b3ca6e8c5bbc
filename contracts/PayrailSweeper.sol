// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PayrailSweeper
/// @notice The code deposit addresses delegate to with EIP-7702, so that the platform gas wallet can move what they
///         hold without ever sending them ETH. Stateless: immutables only, so a deposit address's own storage is
///         never read or written. One deployment per gas wallet; the deployed instance is also the batch entry point
///         (`sweepBatch`, `sweepBatchAmounts`), which the gas wallet calls with many deposit addresses at once.
/// @dev Delegated code runs with `address(this)` = the deposit address. `SELF` (the deployed instance) is how the
///      delegated code recognises a call coming from the batch entry point.
contract PayrailSweeper {
    /// @notice The platform gas wallet: the only account that may start a sweep.
    address public immutable OPERATOR;
    /// @notice The deployed instance (the batch entry point).
    address public immutable SELF;
    /// @notice An amount meaning "the whole balance" in `sweepAmount` and `sweepBatchAmounts`.
    uint256 public constant WHOLE_BALANCE = type(uint256).max;

    error Unauthorized();
    error LengthMismatch();
    error TransferFailed(address token, address from);
    error NativeTransferFailed(address from);

    constructor(address operator) {
        OPERATOR = operator;
        SELF = address(this);
    }

    /// @notice Moves this address's whole balance of `token` (address(0): native ETH) to `to`; returns the amount.
    ///         Callable only by the gas wallet, the batch entry point, or the address itself (its own key).
    function sweep(address token, address to) external returns (uint256 amount) {
        _authorize();
        return _sweep(token, to, WHOLE_BALANCE);
    }

    /// @notice Moves exactly `amount` of `token` (address(0): native ETH) from this address to `to`, the rest staying
    ///         on the address; `WHOLE_BALANCE` moves the whole balance. Returns the amount moved. Reverts when the
    ///         address holds less than `amount`. Same callers as `sweep`.
    function sweepAmount(address token, address to, uint256 amount) external returns (uint256 moved) {
        _authorize();
        return _sweep(token, to, amount);
    }

    /// @notice Sweeps `token` from every source (each delegated to this code) to `to`, in one transaction; returns the
    ///         total moved. Reverts as a whole if any source cannot be swept (e.g. its delegation is missing), so that
    ///         the caller simulates, splits the batch and retries the rest.
    function sweepBatch(address token, address to, address[] calldata sources) external returns (uint256 total) {
        if (msg.sender != OPERATOR || address(this) != SELF) revert Unauthorized();
        for (uint256 i = 0; i < sources.length; i++) {
            total += PayrailSweeper(payable(sources[i])).sweep(token, to);
        }
    }

    /// @notice Like `sweepBatch`, moving exactly `amounts[i]` from `sources[i]` (`WHOLE_BALANCE`: its whole balance);
    ///         returns the total moved. Reverts as a whole if any source holds less than its amount.
    function sweepBatchAmounts(
        address token,
        address to,
        address[] calldata sources,
        uint256[] calldata amounts
    ) external returns (uint256 total) {
        if (msg.sender != OPERATOR || address(this) != SELF) revert Unauthorized();
        if (sources.length != amounts.length) revert LengthMismatch();
        for (uint256 i = 0; i < sources.length; i++) {
            total += PayrailSweeper(payable(sources[i])).sweepAmount(token, to, amounts[i]);
        }
    }

    function _authorize() private view {
        if (msg.sender != OPERATOR && msg.sender != SELF && msg.sender != address(this)) revert Unauthorized();
    }

    function _sweep(address token, address to, uint256 amount) private returns (uint256) {
        if (token == address(0)) {
            if (amount == WHOLE_BALANCE) amount = address(this).balance;
            if (amount == 0) return 0;
            // Fails (without reverting) when the balance is short: reported as NativeTransferFailed.
            (bool sent, ) = to.call{value: amount}("");
            if (!sent) revert NativeTransferFailed(address(this));
            return amount;
        }
        if (amount == WHOLE_BALANCE) amount = IERC20Balance(token).balanceOf(address(this));
        if (amount == 0) return 0;
        // Low-level call: tokens like mainnet USDT return nothing from transfer, which a typed call would reject.
        (bool success, bytes memory data) = token.call(abi.encodeWithSelector(0xa9059cbb, to, amount));
        if (!(success && (data.length == 0 || abi.decode(data, (bool))))) revert TransferFailed(token, address(this));
        return amount;
    }

    /// @notice Late ETH payments to a delegated deposit address still land (and are swept like the rest).
    receive() external payable {}
}

interface IERC20Balance {
    function balanceOf(address account) external view returns (uint256);
}
