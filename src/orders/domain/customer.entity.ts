/** The user an order is for, as order-service needs to know them. */
export interface Customer {
  readonly id: string;
  /** Where the order's notifications go. */
  readonly email: string;
}
