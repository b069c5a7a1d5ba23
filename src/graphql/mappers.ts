/** Parent values of object types that have no row of their own. */
export interface PreferencesParent {
  customerId: string;
}
