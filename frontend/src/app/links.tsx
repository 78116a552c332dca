import { forwardRef } from 'react';
import {
  Anchor,
  Button,
  NavLink,
  type AnchorProps,
  type ButtonProps,
  type NavLinkProps,
} from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';

// Mantine components that navigate with the router (typed `to` and `params`).

type AnchorBase = AnchorProps & Omit<React.ComponentPropsWithoutRef<'a'>, keyof AnchorProps>;
const AnchorBaseComponent = forwardRef<HTMLAnchorElement, AnchorBase>((props, ref) => (
  <Anchor ref={ref} {...props} />
));
AnchorBaseComponent.displayName = 'AnchorBase';
const CreatedAnchor = createLink(AnchorBaseComponent);
export const AnchorLink: LinkComponent<typeof AnchorBaseComponent> = (props) => (
  <CreatedAnchor preload="intent" {...props} />
);

type ButtonBase = ButtonProps & Omit<React.ComponentPropsWithoutRef<'a'>, keyof ButtonProps>;
const ButtonBaseComponent = forwardRef<HTMLAnchorElement, ButtonBase>((props, ref) => (
  <Button ref={ref} component="a" {...props} />
));
ButtonBaseComponent.displayName = 'ButtonBase';
const CreatedButton = createLink(ButtonBaseComponent);
export const ButtonLink: LinkComponent<typeof ButtonBaseComponent> = (props) => (
  <CreatedButton preload="intent" {...props} />
);

type NavLinkBase = NavLinkProps & Omit<React.ComponentPropsWithoutRef<'a'>, keyof NavLinkProps>;
const NavLinkBaseComponent = forwardRef<HTMLAnchorElement, NavLinkBase>((props, ref) => (
  <NavLink ref={ref} component="a" {...props} />
));
NavLinkBaseComponent.displayName = 'NavLinkBase';
const CreatedNavLink = createLink(NavLinkBaseComponent);
export const RouterNavLink: LinkComponent<typeof NavLinkBaseComponent> = (props) => (
  <CreatedNavLink preload="intent" {...props} />
);
